// "Compile against one musl, link another": a kernel compiles its programs against some musl's
// headers (pkgsStatic's, or the plain build) and links them with the patched libc. That is sound
// when both installs have the same public headers and libc.a defines the same symbols. This
// compares two installed prefixes: every file under include/ byte for byte, and the global
// symbols libc.a defines (`nm --defined-only`).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareText } from '../util/text.js';
import { runCommand } from '../util/exec.js';
import type { Toolchain } from '../arch/index.js';

/**
 * Defined symbols the patched libc is known to lack, with why: the rewrite turns the vDSO lookup
 * off (a unikernel has no vDSO; clock_gettime goes to the backend), so `__vdsosym` is not built.
 */
export const EXPECTED_SYMBOL_DIFFERENCES: Readonly<Record<string, string>> = {
  __vdsosym: 'the vDSO lookup is off in the patched libc',
};

export interface InstallComparison {
  /** The prefix compared with. */
  against: string;
  headers: { differ: string[]; onlyHere: string[]; onlyThere: string[]; compared: number };
  symbols: { onlyHere: string[]; onlyThere: string[]; expected: string[]; compared: number };
  ok: boolean;
}

function headerFiles(prefix: string): string[] {
  const root = path.join(prefix, 'include');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(root, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort(compareText);
}

/** Global symbols `libc.a` defines. */
async function definedSymbols(tc: Toolchain, libc: string): Promise<Set<string>> {
  const { stdout } = await runCommand(tc.nm, ['--defined-only', '--extern-only', '--format=posix', libc]);
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) [A-Za-z] /.exec(line);
    if (m && !m[1].endsWith(':') && !m[1].endsWith(']')) names.add(m[1]);
  }
  return names;
}

/** `here` (the patched install) against `there`; ok when nothing differs but the expected symbols. */
export async function compareInstalls(tc: Toolchain, here: string, there: string): Promise<InstallComparison> {
  const a = headerFiles(here);
  const b = new Set(headerFiles(there));
  const differ = a.filter((f) => b.has(f) && !readFileSync(path.join(here, 'include', f)).equals(readFileSync(path.join(there, 'include', f))));
  const onlyHere = a.filter((f) => !b.has(f));
  const onlyThere = [...b].filter((f) => !a.includes(f)).sort(compareText);
  const libThere = path.join(there, 'lib', 'libc.a');
  const symHere = await definedSymbols(tc, path.join(here, 'lib', 'libc.a'));
  const symThere = existsSync(libThere) ? await definedSymbols(tc, libThere) : new Set<string>();
  const symOnlyHere = [...symHere].filter((s) => !symThere.has(s)).sort(compareText);
  const symOnlyThere = [...symThere].filter((s) => !symHere.has(s)).sort(compareText);
  const expected = symOnlyThere.filter((s) => Object.hasOwn(EXPECTED_SYMBOL_DIFFERENCES, s));
  const unexpectedThere = symOnlyThere.filter((s) => !expected.includes(s));
  return {
    against: there,
    headers: { differ, onlyHere, onlyThere, compared: a.length },
    symbols: { onlyHere: symOnlyHere, onlyThere: unexpectedThere, expected, compared: symHere.size },
    ok: differ.length + onlyHere.length + onlyThere.length + symOnlyHere.length + unexpectedThere.length === 0 && existsSync(libThere),
  };
}
