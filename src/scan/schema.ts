// The JSON shape of `musl-patch scan --json`, validated before it is printed (a cache entry records that its sites passed).
// The schema is the contract with readers (coverage --sites, CI): never write what it rejects.

import { z } from 'zod';
import { siteSchema } from '../model/site.js';

export const countsSchema = z.object({
  total: z.number().int(),
  constant: z.number().int(),
  socketcall: z.number().int(),
  wrapper: z.number().int(),
  dynamic: z.number().int(),
  trap: z.number().int(),
  conditional: z.number().int(),
  backendSymbols: z.number().int(),
});

export const groupSchema = z.object({
  key: z.string(),
  detail: z.string().nullable(),
  sites: z.array(z.object({ file: z.string(), line: z.number().int(), column: z.number().int() })),
});

export const archScanSchema = z.object({
  arch: z.string(),
  counts: countsSchema,
  trapFiles: z.array(z.object({ file: z.string(), count: z.number().int() })),
  backendSymbols: z.array(z.object({ name: z.string(), arity: z.number().int().nullable(), sites: z.number().int() })),
  groups: z.array(groupSchema).optional(),
  sites: z.array(siteSchema),
});

export const scanJsonSchema = z.object({
  tool: z.literal('musl-patch scan'),
  version: z.string(),
  arches: z.array(archScanSchema),
});

export type ScanJson = z.infer<typeof scanJsonSchema>;
export type ArchScanJson = z.infer<typeof archScanSchema>;

export function validateScanJson(json: unknown): ScanJson {
  return scanJsonSchema.parse(json);
}
