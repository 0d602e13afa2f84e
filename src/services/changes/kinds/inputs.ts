import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { isCredentialKey } from '../../credentials/credential-keys.js';
import { maskCredentialText } from '../../credentials/credential-values.js';
import { credentialSegment, getAtPath, parseConfigPath, setAtPath, typedValue } from '../../inputs/config-path.js';
import { findInputByName } from '../../inputs/find-input.js';
import { inputReviewSnapshot } from '../../inputs/input-review.js';
import { readInputTables, writeInputTables } from '../../inputs/input-tables.js';
import { NewInputParamsSchema, resolveTables } from '../../inputs/new-input-plan.js';
import { isJsonObject, type JsonValue } from '../../json-value.js';
import { PipelineError } from '../../pipeline/pipeline-error.js';
import type { PipelineProvider } from '../../pipeline/provider.js';
import type { EventTypeSummary, Input } from '../../pipeline/schemas.js';
import { UserError } from '../../user-error.js';
import type { ChangeKind, ChangePreview, ResourceRef } from '../change-kind.js';
import { revertBy } from '../restore-kind-names.js';
import { writeOutcomeOf } from '../write-outcome.js';

/**
 * Input change kinds (managealooma Inputs, issue 9). Every write but create and delete is `PUT inputs/{id}` with
 * the whole input, edited; reviewers see inputReviewSnapshot (credentials masked, tables as an object).
 */

const inputName = z.string().min(1);

async function locateInput(pipeline: PipelineProvider, name: string): Promise<{ ref: ResourceRef; resource: Input }> {
  const found = await findInputByName(pipeline, name);
  return { ref: { type: 'input', id: found.id, label: found.name }, resource: found };
}

async function loadInputById(pipeline: PipelineProvider, ref: ResourceRef): Promise<Input | null> {
  return (await pipeline.listInputs()).find((input) => input.id === ref.id) ?? null;
}

/** The parts every "edit the input and PUT it back" kind shares. */
function editInputKind<Params extends { input: string }>(spec: {
  name: string;
  params: z.ZodType<Params>;
  change: (input: Input, params: Params) => Input;
  title: (ref: ResourceRef, params: Params) => string;
}): ChangeKind<Input, Params> {
  return {
    name: spec.name,
    params: spec.params,
    revert: revertBy.input,
    locate: (pipeline, params) => locateInput(pipeline, params.input),
    load: loadInputById,
    snapshot: inputReviewSnapshot,
    change: spec.change,
    title: spec.title,
    async write(pipeline, _ref, _before, after) {
      await pipeline.updateInput(after);
    },
  };
}

function configurationOf(input: Input): Record<string, unknown> {
  return input.configuration ?? {};
}

// ── input set <input> <config.path> <value> ─────────────────────────────────────────────────────────────────────

const setParams = z.object({ input: inputName, path: z.string().min(1), value: z.string() });

/** Refuses a credential path: those go through `input.set-credential`, whose value never reaches a command line. */
function checkNotCredential(path: readonly string[], text: string): void {
  const segment = credentialSegment(path);
  if (segment) {
    throw new UserError(
      'credential_path',
      `\`${text}\` is a credential (${segment}): it cannot be set from the command line. Use \`input set-credential\`, which asks for the value in a dialog and never shows it.`,
    );
  }
}

export const inputSetKind = editInputKind({
  name: 'input.set',
  params: setParams,
  change(input, { path: text, value }) {
    const path = parseConfigPath(text);
    checkNotCredential(path, text);
    // A value that holds a credential (a DSN with a password, a token) would be stored whole in the request's
    // params until the apply: such values go through the sealed dialog instead.
    if (maskCredentialText(value) !== value) {
      throw new UserError(
        'credential_value',
        'That value looks like it holds a credential (a password in a URL, a key, a token): typed in a command it would be kept with the request until the apply. Set the value without it, and the credential itself with `input set-credential <input> <credential path>` (a dialog; the value stays encrypted until applied).',
      );
    }
    const configuration = configurationOf(input);
    const current = getAtPath(configuration, path);
    const next = typedValue(path.join('.'), current, value);
    if (JSON.stringify(current) === JSON.stringify(next)) {
      throw new UserError('no_change', `\`${path.join('.')}\` of input \`${input.name}\` is already ${value}.`);
    }
    return { ...input, configuration: setAtPath(configuration, path, next) };
  },
  title: (ref, { path, value }) => `Set ${path} of input ${ref.label} to ${value}`,
});

// ── input set-credential <input> <path> (sealed) ───────────────────────────────────────────────────────────────

/**
 * What the planned input holds at a credential path until the write: the write puts the sealed value there
 * (`context.sealed`). Never a credential itself, and never shown (the snapshot leaves credentials out).
 */
export const SEALED_CREDENTIAL = '\u0000pipeops:sealed-credential\u0000';

const credentialParams = z.object({ input: inputName, path: z.string().min(1) });

function credentialPath(text: string): string[] {
  const path = parseConfigPath(text);
  if (!credentialSegment(path)) {
    throw new UserError('not_credential', `\`${text}\` is not a credential: use \`input set\` for ordinary settings.`);
  }
  return path;
}

/**
 * inputReviewSnapshot without any credential: the pipeline never lets pipeops tell one value from another, so the
 * diff, staleness and verification judge the rest of the input, and the preview says which credential changes (as
 * `secret.set` does for a secret).
 */
function credentialSnapshot(input: Input): JsonValue {
  const strip = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return node.map(strip);
    if (!isJsonObject(node)) return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !isCredentialKey(key))
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  const snapshot = inputReviewSnapshot(input);
  if (!isJsonObject(snapshot) || !isJsonObject(snapshot.configuration)) return snapshot;
  return { ...snapshot, configuration: strip(snapshot.configuration) };
}

function findSealed(node: unknown, path: string[]): string[] | null {
  if (node === SEALED_CREDENTIAL) return path;
  if (typeof node !== 'object' || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    const found = findSealed(value, [...path, key]);
    if (found) return found;
  }
  return null;
}

export const inputSetCredentialKind: ChangeKind<Input, z.infer<typeof credentialParams>> = {
  name: 'input.set-credential',
  params: credentialParams,
  sealed: true,
  revert: {
    impossible:
      'The credential it replaced was never known to pipeops (credentials are masked): set it again with `input set-credential`.',
  },
  locate: (pipeline, params) => locateInput(pipeline, params.input),
  load: loadInputById,
  snapshot: credentialSnapshot,
  change(input, { path: text }) {
    return { ...input, configuration: setAtPath(configurationOf(input), credentialPath(text), SEALED_CREDENTIAL) };
  },
  title: (ref, { path }) => `Set credential ${path} of input ${ref.label}`,
  async write(pipeline, _ref, _before, after, context) {
    if (context.sealed === null || context.sealed === '') {
      throw new UserError(
        'no_sealed_value',
        'The credential value is gone (the request closed or expired): propose again.',
      );
    }
    const path = findSealed(configurationOf(after), []);
    if (!path) throw new UserError('no_sealed_value', 'The planned input has no credential to set.');
    try {
      await pipeline.updateInput({ ...after, configuration: setAtPath(configurationOf(after), path, context.sealed) });
    } catch (error) {
      if (writeOutcomeOf(error) === 'refused') throw error;
      // A credential cannot be read back, so reading the input could only "confirm" the rest of it: fail, saying so.
      throw new UserError(
        'credential_unconfirmed',
        `The pipeline did not confirm the write (${error instanceof Error ? error.message : String(error)}). A credential cannot be read back, so pipeops cannot tell whether it was set: check the input, and propose again if needed.`,
      );
    }
  },
  async preview(_pipeline, { ref, before, after }) {
    const path = findSealed(configurationOf(after), []) ?? [];
    const replaced = getAtPath(configurationOf(before), path) !== undefined;
    return {
      title: 'Credential',
      summary: `${replaced ? '~' : '+'} ${path.join('.')} of ${ref.label} (${replaced ? 'value replaced' : 'new'}): the value was typed in a dialog, is kept encrypted until applied, and is never shown.`,
      items: [],
    };
  },
};

// ── input add-tables <input> <t1,t2,...> ───────────────────────────────────────────────────────────────────────

const addTablesParams = z.object({ input: inputName, tables: z.array(z.string()).min(1) });

export const inputAddTablesKind = editInputKind({
  name: 'input.add-tables',
  params: addTablesParams,
  change(input, { tables }) {
    const current = readInputTables(input);
    if (!current) {
      throw new UserError(
        'no_tables',
        `Input \`${input.name}\` (${input.type}) has no tables setting: only database inputs replicate tables.`,
      );
    }
    const added = resolveTables(input.name, current, tables);
    const present = Object.keys(added).filter((table) => table in current);
    if (present.length > 0) {
      throw new UserError('no_change', `Input \`${input.name}\` already replicates ${present.join(', ')}.`);
    }
    return writeInputTables(input, { ...current, ...added });
  },
  title: (ref, { tables }) => `Add table${tables.length === 1 ? '' : 's'} ${tables.join(', ')} to input ${ref.label}`,
});

// ── input auto-map <input> on|off ──────────────────────────────────────────────────────────────────────────────

const autoMapParams = z.object({ input: inputName, on: z.boolean() });

export const inputAutoMapKind = editInputKind({
  name: 'input.auto-map',
  params: autoMapParams,
  change(input, { on }) {
    const current = configurationOf(input).auto_map;
    if (String(current) === String(on)) {
      throw new UserError('no_change', `Input \`${input.name}\` already has auto-mapping ${on ? 'on' : 'off'}.`);
    }
    // `"true"`/`"false"` strings as the API has them (MA fixtures), unless the input holds a boolean.
    const value = typeof current === 'boolean' ? on : String(on);
    return { ...input, configuration: { ...configurationOf(input), auto_map: value } };
  },
  title: (ref, { on }) => `Turn auto-mapping ${on ? 'on' : 'off'} for input ${ref.label}`,
});

// ── input add-template <input> <parameter> <template> ──────────────────────────────────────────────────────────

const templateParams = z.object({ input: inputName, parameter: z.string().min(1), template: z.string().min(1) });
const ParameterSchema = z.looseObject({ parameter: z.string() });

/**
 * managealooma's add_template_to_parameter_configuration edited the input it read instead of the copy it applied,
 * so nothing changed (defect §9.4); here the change is computed on the copy that is written and verified. As there,
 * `parameter` may name several parameters (`from_date,to_date`).
 */
export const inputAddTemplateKind = editInputKind({
  name: 'input.add-template',
  params: templateParams,
  change(input, { parameter, template }) {
    const raw = configurationOf(input).parameters;
    const parameters = z.array(ParameterSchema).safeParse(raw);
    if (!parameters.success || parameters.data.length === 0) {
      throw new UserError('no_parameters', `Input \`${input.name}\` (${input.type}) has no request parameters.`);
    }
    const wanted = parameter.split(',').map((name) => name.trim());
    if (wanted.some((name) => name === '')) {
      throw new UserError('bad_parameter', `The parameter list \`${parameter}\` has an empty name.`);
    }
    const known = parameters.data.map((candidate) => candidate.parameter);
    const missing = wanted.filter((name) => !known.includes(name));
    if (missing.length > 0) {
      throw new UserError(
        'no_parameter',
        `Input \`${input.name}\` has no parameter ${missing.map((name) => `\`${name}\``).join(', ')}. Parameters: ${known.join(', ')}.`,
      );
    }
    const next = parameters.data.map((entry) => (wanted.includes(entry.parameter) ? { ...entry, template } : entry));
    if (next.every((entry, i) => entry.template === parameters.data[i]?.template)) {
      throw new UserError('no_change', `Parameter \`${parameter}\` of \`${input.name}\` already has that template.`);
    }
    return { ...input, configuration: { ...configurationOf(input), parameters: next } };
  },
  title: (ref, { parameter, template }) =>
    `Set the template of parameter ${parameter} of input ${ref.label} to ${template}`,
});

// ── input create <new> from <existing> [...] ───────────────────────────────────────────────────────────────────

type NewInputParams = z.infer<typeof NewInputParamsSchema>;

/** How long `write` waits for the new input to show in `GET inputs`, as the reference client polls (10 × 1 s). */
export const CREATE_POLL = { attempts: 10, delayMs: 1_000 };

/**
 * A new input as reviewers see it: what it is made of, never what the pipeline assigns (id, dates, state). Its
 * credentials are not part of it (`GET inputs` never shows them); the preview says which ones the pipeline copies.
 */
function newInputSnapshot(input: Input | null): JsonValue {
  if (input === null) return null;
  const view = inputReviewSnapshot({
    id: '',
    name: input.name,
    type: input.type,
    configuration: input.configuration ?? {},
  });
  if (!isJsonObject(view)) return view;
  const { id: _id, ...rest } = view;
  return rest;
}

export const inputCreateKind: ChangeKind<Input | null, NewInputParams> = {
  name: 'input.create',
  params: NewInputParamsSchema,
  revert: { impossible: 'It created the input: remove it with `input delete` (destructive, two approvals).' },
  async locate(pipeline, params) {
    const existing = (await pipeline.listInputs()).find((input) => input.name === params.name);
    if (existing) throw new UserError('input_exists', `An input named \`${params.name}\` already exists.`);
    return { ref: { type: 'input', id: params.name, label: params.name }, resource: null };
  },
  async load(pipeline, ref) {
    return (await pipeline.listInputs()).find((input) => input.name === ref.label) ?? null;
  },
  snapshot: newInputSnapshot,
  change(existing, params) {
    if (existing !== null) throw new UserError('input_exists', `An input named \`${params.name}\` already exists.`);
    // The source rides along for the write (which gets no params); the snapshot leaves it out.
    return {
      id: '',
      name: params.name,
      type: params.type,
      configuration: params.configuration,
      [COPY_FROM]: params.source.id,
    };
  },
  title: (ref, params) => `Create input ${ref.label} from ${params.source.name}`,
  async write(pipeline, _ref, _before, after) {
    if (after === null) throw new UserError('bad_plan', 'Nothing to create.');
    const source = after[COPY_FROM];
    await pipeline.createInput({
      name: after.name,
      type: after.type,
      configuration: after.configuration ?? {},
      ...(typeof source === 'string' && source !== '' ? { copyCredentialsFrom: source } : {}),
    });
    for (let attempt = 1; attempt <= CREATE_POLL.attempts; attempt++) {
      if ((await pipeline.listInputs()).some((input) => input.name === after.name)) return;
      if (attempt < CREATE_POLL.attempts) await sleep(CREATE_POLL.delayMs);
    }
    throw new PipelineError(
      'invalid_response',
      `The pipeline accepted the new input ${after.name} but it did not appear in GET inputs within ${(CREATE_POLL.attempts * CREATE_POLL.delayMs) / 1000} s.`,
    );
  },
  async preview(pipeline, { after }) {
    const sourceId = after?.[COPY_FROM];
    const source = (await pipeline.listInputs()).find((input) => input.id === sourceId);
    return {
      title: 'Credentials',
      summary: `The pipeline copies ${source ? `${source.name}'s` : "the source input's"} stored credentials to the new input: their values never pass through pipeops, this card or the audit.`,
      items: [],
    };
  },
};

/** Where the planned new input keeps its source's id (a key no input configuration uses). */
const COPY_FROM = 'pipeops:copyCredentialsFrom';

// ── input delete <input> (destructive) ─────────────────────────────────────────────────────────────────────────

const deleteParams = z.object({ input: inputName });

export const inputDeleteKind: ChangeKind<Input | null, z.infer<typeof deleteParams>> = {
  name: 'input.delete',
  params: deleteParams,
  destructive: true,
  revert: {
    impossible:
      'A deleted input cannot be brought back with its id and credentials: create it again with `input create`.',
  },
  locate: (pipeline, params) => locateInput(pipeline, params.input),
  load: loadInputById,
  snapshot: (input) => (input === null ? null : inputReviewSnapshot(input)),
  change: () => null,
  title: (ref) => `DELETE input ${ref.label}`,
  async write(pipeline, ref) {
    await pipeline.removeInput(ref.id);
  },
  async preview(pipeline, { ref }) {
    const fed = (await pipeline.listEventTypes()).filter((eventType) => isFedBy(eventType, ref));
    return lossPreview(ref.label, fed, pipeline);
  },
};

/** An event type is fed by the input when `inputObjects` has its id, or (older answers) its label is the input's name. */
function isFedBy(eventType: EventTypeSummary, ref: ResourceRef): boolean {
  const objects = eventType.inputObjects;
  if (typeof objects === 'object' && objects !== null && ref.id in objects) return true;
  return eventType.origInputLabel === ref.label;
}

async function lossPreview(
  inputLabel: string,
  fed: EventTypeSummary[],
  pipeline: PipelineProvider,
): Promise<ChangePreview> {
  const items = await Promise.all(
    fed
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (eventType) => ({ label: eventType.name, lines: await eventTypeLossLines(pipeline, eventType.name) })),
  );
  return {
    title: 'What is lost',
    summary:
      fed.length === 0
        ? `The input ${inputLabel} and its configuration and credentials; no event type comes from it.`
        : `The input ${inputLabel}, its configuration and credentials. ${fed.length} event type${fed.length === 1 ? '' : 's'} stop${fed.length === 1 ? 's' : ''} receiving events (their mappings stay, fed by nothing):`,
    items,
  };
}

/** One event type's mapping and consolidation, in lines, for the "what is lost" previews. */
export async function eventTypeLossLines(pipeline: PipelineProvider, name: string): Promise<string[]> {
  const mapping = await pipeline.getMapping(name);
  const target = mapping.mapping;
  const consolidation = mapping.consolidation;
  const keys = Array.isArray(consolidation?.consolidationKeys) ? consolidation.consolidationKeys : [];
  const fields = countFields(mapping.fields ?? []);
  return [
    `mapping: ${mapping.mappingMode ?? 'default'} mode → ${target?.isDiscarded ? 'discarded' : `${target?.schema || '?'}.${target?.tableName || '?'}`}, ${fields} field${fields === 1 ? '' : 's'}`,
    consolidation?.consolidatedTableName
      ? `consolidation: ${consolidation.consolidatedSchema || '?'}.${consolidation.consolidatedTableName} on ${keys.join(', ') || '(no keys)'}`
      : 'consolidation: none',
  ];
}

function countFields(fields: readonly { fields: readonly unknown[] }[]): number {
  return fields.reduce((sum, field) => sum + 1 + countFields(field.fields as { fields: unknown[] }[]), 0);
}

/** Every input kind of this file, for change-kinds.ts. */
export const inputKinds = [
  inputCreateKind,
  inputSetKind,
  inputSetCredentialKind,
  inputAddTablesKind,
  inputAutoMapKind,
  inputAddTemplateKind,
  inputDeleteKind,
] as const;
