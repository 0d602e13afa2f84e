import { z } from 'zod';
import { type MappingMode, MappingModeSchema } from './schemas.js';

/**
 * Plumbing (the pipeline's node graph) and the new-input body, in the Alooma REST contract
 * (shared/reference/alooma-api.md §3). Objects are loose: fields we do not model are kept.
 */

/** A node of `GET plumbing/?resolution=1min`: inputs, the transformer (Code Engine), restream, outputs. */
export const PlumbingNodeSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  /** `TRANSFORMER`, `RESTREAM`, `SNOWFLAKE`, an input type (`ODBC`, `REST_INPUT`, ...). */
  type: z.string(),
  /** `INPUT`, `OUTPUT`, `TRANSFORMER`, ...; absent on some node kinds. */
  category: z.string().nullable().optional(),
  deleted: z.boolean().optional(),
  configuration: z.record(z.string(), z.unknown()).nullable().optional(),
  /** `throughput` (events per minute at the structure's resolution), `availbleForRestream` (sic, AP alooma.py:1460). */
  stats: z
    .looseObject({
      throughput: z.number().nullable().optional(),
      availbleForRestream: z.number().nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type PlumbingNode = z.infer<typeof PlumbingNodeSchema>;

export const PlumbingStructureSchema = z.looseObject({ nodes: z.array(PlumbingNodeSchema) });
export type PlumbingStructure = z.infer<typeof PlumbingStructureSchema>;

/**
 * `POST plumbing/inputs`: `{"name", "type", "configuration"}` (AP alooma.py:336-370).
 * pipeops extension: `copyCredentialsFrom` names an existing input whose stored credentials the pipeline copies to
 * the new one, because `GET inputs` never returns credential values (the MA fixtures have `user` but no `password`),
 * so a client cannot send them back. A pipeline without the extension ignores the field and refuses (or creates an
 * input that fails validation) — the apply then reports the pipeline's own message.
 */
export interface NewInput {
  name: string;
  type: string;
  configuration: Record<string, unknown>;
  copyCredentialsFrom?: string;
}

export const NewInputSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1),
  configuration: z.record(z.string(), z.unknown()),
  copyCredentialsFrom: z.string().min(1).optional(),
});

/**
 * `GET mapping-mode`: the default mapping mode. The reference does not show the answer's shape (AP alooma.py:203-220);
 * a JSON string (`"AUTO_MAP"`) is read, and so is an object `{"mappingMode": ...}` or `{"mode": ...}`.
 */
export const DefaultMappingModeResponseSchema: z.ZodType<MappingMode> = z.union([
  MappingModeSchema,
  z.looseObject({ mappingMode: MappingModeSchema }).transform((answer) => answer.mappingMode),
  z.looseObject({ mode: MappingModeSchema }).transform((answer) => answer.mode),
]);
