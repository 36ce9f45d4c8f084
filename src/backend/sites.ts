// Where the syscall sites come from: the scanner (src/scan/) on a musl tree, or a JSON file of
// SyscallSite[] written earlier (CI can cache the scan and run coverage on many backends).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import type { MuslTree, SyscallSite } from '../model/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';
import { scan } from '../scan/index.js';

const siteSchema = z.object({
  arch: z.string(),
  kind: z.enum(['constant', 'socketcall', 'wrapper', 'dynamic', 'trap']),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  function: z.string().nullable(),
  callee: z.string(),
  token: z.string().nullable(),
  backendSymbol: z.string().nullable(),
  resolved: z.object({ name: z.string(), number: z.number().int() }).nullable(),
  argCount: z.number().int().nullable(),
  cancellable: z.boolean(),
  conditional: z.boolean(),
  viaMacro: z.string().nullable(),
  objectSymbols: z.array(z.string()),
  result: z.object({ read: z.enum(['none', 'narrow', 'full']), type: z.string().nullable() }).optional(),
  args: z.array(z.object({ type: z.string().nullable(), half: z.boolean() })).optional(),
});

/** Reads `[SyscallSite, ...]` or `{ "sites": [...] }`. */
export async function readSitesJson(file: string): Promise<SyscallSite[]> {
  const hint = 'pass the JSON list of syscall sites written by `musl-patch scan --json`';
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`cannot read sites file '${file}'`, hint);
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`sites file '${file}' is not JSON`, hint);
  }
  const list = Array.isArray(data) ? data : (data as { sites?: unknown } | null)?.sites;
  const parsed = z.array(siteSchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`sites file '${file}' does not hold syscall sites (${issue.path.join('.') || 'top level'}: ${issue.message})`, hint);
  }
  return parsed.data;
}

/** Runs the scanner (one parse for all arches, cached), naming the sites' backend symbols with `naming`, for musl configured with `malloc`. */
export async function scanSites(tree: MuslTree, arches: string[], naming: BackendNaming = DEFAULT_NAMING, malloc?: string): Promise<SyscallSite[]> {
  const result = await scan(tree, arches, { naming, malloc });
  return result.arches.flatMap((a) => a.sites);
}
