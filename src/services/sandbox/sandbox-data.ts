import { z } from 'zod';
import { InputSchema, MappingSchema } from '../pipeline/schemas.js';
import { createConsolidationsSeed, SandboxConsolidationsSchema } from './sandbox-consolidation-data.js';
import { SandboxMetricsSchema } from './sandbox-metric-data.js';
import {
  createInputCredentialsSeed,
  createPlumbingSeed,
  SandboxDefaultMappingModeSchema,
  SandboxInputCredentialsSchema,
  SandboxPlumbingNodesSchema,
} from './sandbox-plumbing-data.js';
import {
  createSampleStatusesSeed,
  createSecretsSeed,
  SandboxSampleStatusesSchema,
  SandboxSecretsSchema,
} from './sandbox-secret-data.js';
import { SandboxTransformsSchema } from './sandbox-transform-data.js';

/**
 * Everything the sandbox pipeline stores, as one JSON document (the state file). To add a resource
 * (consolidations, secrets, samples, ...): add a collection here with `.default(...)`, so state files
 * written before it still load, then a module of operations and its routes.
 */

/** An event type as the server keeps it: the mapping plus server-owned counters (`stats`, also per field). */
export const SandboxEventTypeSchema = MappingSchema.extend({
  stats: z.looseObject({ count: z.number().optional() }).nullable().optional(),
});
export type SandboxEventType = z.infer<typeof SandboxEventTypeSchema>;

export const SandboxDataSchema = z
  .object({
    version: z.literal(1),
    /** Keyed by input id, like the `GET inputs` answer. */
    inputs: z.record(z.string(), InputSchema),
    /** Keyed by event-type name. */
    eventTypes: z.record(z.string(), SandboxEventTypeSchema),
    /** Metric levels set by tests and demos (see sandbox-metrics.ts); the rest is a computed baseline. */
    metrics: SandboxMetricsSchema.default({ levels: [], pausedSince: {} }),
    /** Transform steps and sample events per event type, as JSON text (see sandbox-transform-data.ts). */
    transforms: SandboxTransformsSchema.default({ steps: {}, samples: {} }),
    /** Secret name → digest of its value (never the value), and sample statuses by uuid (sandbox-secret-data.ts). */
    secrets: SandboxSecretsSchema.default(createSecretsSeed),
    sampleStatuses: SandboxSampleStatusesSchema.default(createSampleStatusesSeed),
    /** Non-input plumbing nodes, server-side input credentials, the default mapping mode (sandbox-plumbing-data.ts). */
    plumbingNodes: SandboxPlumbingNodesSchema.default(createPlumbingSeed),
    inputCredentials: SandboxInputCredentialsSchema.default(createInputCredentialsSeed),
    defaultMappingMode: SandboxDefaultMappingModeSchema.default('AUTO_MAP'),
    /** Scheduled consolidation queries (sandbox-consolidation-data.ts). */
    consolidations: SandboxConsolidationsSchema.default(createConsolidationsSeed),
  })
  .superRefine((data, ctx) => {
    for (const [id, input] of Object.entries(data.inputs)) {
      if (input.id !== id) ctx.addIssue({ code: 'custom', path: ['inputs', id], message: `id is '${input.id}'` });
    }
    for (const [name, eventType] of Object.entries(data.eventTypes)) {
      if (eventType.name !== name) {
        ctx.addIssue({ code: 'custom', path: ['eventTypes', name], message: `name is '${eventType.name}'` });
      }
    }
  });
export type SandboxData = z.infer<typeof SandboxDataSchema>;
