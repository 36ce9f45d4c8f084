import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildPatchedMusl, findToolchain } from '../../src/build/index.js';
import type { MuslTree } from '../../src/model/index.js';
import { type SupportedArch } from '../../src/arch/index.js';
import { fetchTree } from '../../src/source/index.js';

/** A real, verified musl tree; the global setup has already fetched it, so this stays offline. */
export function muslTree(version: string): Promise<MuslTree> {
  return fetchTree(version, { offline: true });
}

/** Absolute path of the built CLI, for tests that run it as a user would. */
export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/**
 * How to compile C for `arch` as a kernel does: against the patched musl's own installed headers
 * (`-nostdinc -isystem PREFIX/include` plus the compiler's own freestanding headers), never the
 * host's glibc or its cross headers — a backend or stub file is built against musl in real use,
 * and glibc's headers would test the wrong ABI. The build is the suite's cached patched build.
 */
export async function compileAgainstPatchedMusl(version: string, arch: string): Promise<{ cc: string; flags: string[] }> {
  const tc = await findToolchain(arch);
  const { build } = await buildPatchedMusl(await muslTree(version), arch as SupportedArch);
  const gccInclude = execFileSync(tc.cc, ['-print-file-name=include'], { encoding: 'utf8' }).trim();
  return { cc: tc.cc, flags: ['-nostdinc', '-isystem', path.join(build.prefix, 'include'), '-isystem', gccInclude] };
}
