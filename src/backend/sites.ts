// Where the syscall sites come from: the scanner (src/scan/) on a musl tree, or a JSON file of
// SyscallSite[] written earlier (CI can cache the scan and run coverage on many backends).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import type { MuslTree, SyscallSite } from '../model/index.js';
import { siteSchema } from '../model/site.js';
import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';
import { scan } from '../scan/index.js';

/** Reads what `scan --json` writes (`{ "arches": [{ "sites": [...] }, ...] }`), `[SyscallSite, ...]` or `{ "sites": [...] }`. */
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
  const doc = data as { sites?: unknown; arches?: unknown } | null;
  const list = Array.isArray(data)
    ? data
    : Array.isArray(doc?.arches)
      ? doc.arches.flatMap((a: { sites?: unknown } | null) => (Array.isArray(a?.sites) ? a.sites : [undefined]))
      : doc?.sites;
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
