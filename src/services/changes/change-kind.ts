import type { z } from 'zod';
import type { JsonValue } from '../json-value.js';
import type { PipelineProvider } from '../pipeline/provider.js';

/** What a change request is about. `id` is stable (an input id, an event type name); `label` is for people. */
export interface ResourceRef {
  type: string;
  id: string;
  label: string;
}

/**
 * Dry-run evidence beyond the diff that a kind can add (e.g. what a transform change does to sample events).
 * Computed at proposal and stored with the request; plain text, the card fits it into Slack's limits.
 */
export interface ChangePreview {
  /** Heading, e.g. `Effect on 3 samples`. */
  title: string;
  /** One line, e.g. `2 outputs change, 1 unchanged · errors 1 → 0`. */
  summary: string;
  /** Details per item (e.g. per sample). */
  items: { label: string; lines: string[] }[];
}

/**
 * How an applied request of a kind is undone (the card's Revert button, `/pipeline revert #id`): `restoreKind`
 * names the kind that writes a stored snapshot back to the resource family; `impossible` says why it cannot be.
 */
export type RevertDeclaration = { restoreKind: string } | { impossible: string };

/** What a write gets besides the resource: the sealed value of a sealed proposal (decrypted only for the write). */
export interface WriteContext {
  /** The secret a `sealed` kind's proposal carried (e.g. a secret's value); null for every other kind. */
  sealed: string | null;
}

/**
 * One kind of change (pause an input, set a mapping mode, ...). The workflow is generic; a kind only says
 * how to find its resource, what a reviewer should see of it, how the change transforms it, and how to write it.
 *
 * The stored plan holds `snapshot(before)` and `snapshot(after)`. At approval the resource is read again:
 * if its snapshot differs from the stored one the plan is stale and nothing is written; otherwise the change
 * is recomputed on the fresh resource (which can hold values the snapshot redacts) and written.
 */
export interface ChangeKind<Resource, Params> {
  readonly name: string;
  readonly params: z.ZodType<Params>;
  /**
   * Destructive kinds (delete an input, remove a consolidation) need two approvals by default, from two people other
   * than the requester (configurable per kind), and their card says so in its title.
   */
  readonly destructive?: boolean;
  /**
   * Sealed kinds take a secret value with the proposal (ChangeService.propose(..., { sealed })): it is stored only
   * encrypted, never in params, snapshots, the diff or the audit, handed to `write` in `context.sealed`, and erased
   * when the request closes (applied, failed, rejected, cancelled, expired).
   */
  readonly sealed?: boolean;
  /** How an applied request of this kind is reverted (see RevertDeclaration); a kind that says nothing cannot be. */
  readonly revert?: RevertDeclaration;
  /**
   * Finds the resource the params name; throws a UserError when there is none. A kind that creates a resource
   * returns `resource: null` (absent); the apply then refuses as stale if it exists by then.
   */
  locate(pipeline: PipelineProvider, params: Params): Promise<{ ref: ResourceRef; resource: Resource }>;
  /** Reads the resource again by its ref; null when it does not exist (deleted, or not created yet). */
  load(pipeline: PipelineProvider, ref: ResourceRef): Promise<Resource | null>;
  /** What reviewers see and what staleness is judged on: no credentials, no volatile counters. */
  snapshot(resource: Resource): JsonValue;
  /**
   * The resource after the change. Pure. Throws a UserError when the change is a no-op or invalid. A kind that
   * deletes returns null; the write is then verified by the resource being gone.
   */
  change(resource: Resource, params: Params): Resource;
  /** One line for the card's title, e.g. `Pause input mixpanel_engage_one`. */
  title(ref: ResourceRef, params: Params): string;
  /** Writes `after` to the pipeline. */
  write(
    pipeline: PipelineProvider,
    ref: ResourceRef,
    before: Resource,
    after: Resource,
    context: WriteContext,
  ): Promise<void>;
  /**
   * Optional: evidence for reviewers computed at proposal (may read the pipeline, never writes). A failure is
   * shown in the preview's place rather than blocking the proposal.
   */
  preview?(
    pipeline: PipelineProvider,
    plan: { ref: ResourceRef; before: Resource; after: Resource },
  ): Promise<ChangePreview>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds kinds of every resource and params type
export type AnyChangeKind = ChangeKind<any, any>;
