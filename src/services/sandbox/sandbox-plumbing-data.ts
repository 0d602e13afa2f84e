import { z } from 'zod';
import { PlumbingNodeSchema } from '../pipeline/plumbing-schemas.js';
import { MappingModeSchema } from '../pipeline/schemas.js';

/**
 * What the sandbox stores for the plumbing routes (sandbox-plumbing-routes.ts). Inputs live in `inputs`; these are
 * the other nodes (transformer, restream, outputs), credentials kept server-side, and the default mapping mode.
 */

/** Non-input nodes of `GET plumbing/`: their `stats` are computed on request, so the stored ones are ignored. */
export const SandboxPlumbingNodesSchema = z.array(PlumbingNodeSchema);

/**
 * Input id → credential key → value. Credentials are write-only in the sandbox's contract: `GET inputs` never returns
 * them (the MA fixtures have `user` but no `password`), and `POST plumbing/inputs` copies them with `copyCredentialsFrom`.
 */
export const SandboxInputCredentialsSchema = z.record(z.string(), z.record(z.string(), z.string()));

export const SandboxDefaultMappingModeSchema = MappingModeSchema;

export const SANDBOX_OUTPUT_ID = 'a1s2d3-f4g5h6';

/** The seed's non-input nodes: Code Engine, the Restream Queue and one Snowflake output (ids are stable). */
export function createPlumbingSeed(): z.infer<typeof SandboxPlumbingNodesSchema> {
  return [
    {
      id: 'c0de-e9g1-4e00-8000-transformer01',
      name: 'Code Engine',
      type: 'TRANSFORMER',
      category: 'TRANSFORMER',
      deleted: false,
      configuration: {},
    },
    {
      id: 'r3s7-r3am-4e00-8000-restream0001',
      name: 'Restream',
      type: 'RESTREAM',
      category: 'INPUT',
      deleted: false,
      configuration: { streaming: 'true' },
      state: null,
    },
    {
      id: SANDBOX_OUTPUT_ID,
      name: 'Snowflake',
      type: 'SNOWFLAKE',
      category: 'OUTPUT',
      deleted: false,
      configuration: {
        warehouse: 'LOADING_WH',
        database: 'ANALYTICS',
        username: 'ALOOMA_LOADER',
        skipValidation: 'false',
      },
    },
  ];
}

/** The seed's server-side credentials of the database inputs (sandbox-seed.ts ids). */
export function createInputCredentialsSeed(): z.infer<typeof SandboxInputCredentialsSchema> {
  return {
    '12345-asdfg': { password: 'sandbox-production-db-password' },
    'opiuyt-l4l4-p3p3-9876-asdf1234tr': { password: 'sandbox-source-two-password' },
  };
}
