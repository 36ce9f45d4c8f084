/**
 * `nm` view of a ring-0 link: the backend symbols the libc and the objects reference and none
 * defines. The stubs come from coverage (backend-stubs.ts); this checks nothing is left over.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBackendFunction } from '../model/naming.js';
import { runOk } from '../util/exec.js';

/** Parse `nm` output: symbols that are undefined (U) and those defined (any other type). */
export function parseNm(text: string): { undefined: Set<string>; defined: Set<string> } {
  const undef = new Set<string>();
  const defined = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9a-fA-F]+\s+)?([A-Za-z?])\s+(\S+)$/.exec(line);
    if (!m) continue;
    // An undefined symbol has no value column: `U` or a weak reference (`w`, `v`).
    if (!m[1]) undef.add(m[3]);
    else defined.add(m[3]);
  }
  return { undefined: undef, defined };
}

/**
 * `nm` of a whole libc.a takes seconds on a busy machine; its backend references and definitions
 * are cached by the archive's path, size and mtime.
 */
async function archiveSymbols(nm: string, archive: string): Promise<{ undefined: string[]; defined: string[] }> {
  const st = statSync(archive);
  const key = createHash('sha256').update(JSON.stringify([nm, archive, st.size, st.mtimeMs])).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), 'musl-patch-ring0', `nm-${key}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8'));
  const r = parseNm(await runOk(nm, [archive]));
  const result = { undefined: [...r.undefined].filter((s) => isBackendFunction(s)), defined: [...r.defined].filter((s) => isBackendFunction(s)) };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}`, JSON.stringify(result));
  await rename(`${file}.${process.pid}`, file);
  return result;
}

/** Backend symbols referenced by the libc archive or `objects` and defined by none of them. */
export async function missingBackendSymbols(nm: string, libc: string, objects: string[]): Promise<string[]> {
  const a = await archiveSymbols(nm, libc);
  const o = parseNm(await runOk(nm, objects));
  const defined = new Set([...a.defined, ...o.defined]);
  return [...new Set([...a.undefined, ...o.undefined])].filter((s) => isBackendFunction(s) && !defined.has(s)).sort();
}
