// The passthrough test backend (kernel-backend/passthrough/): passthrough.c compiled with the
// function table of one version × arch into one object to link after the program, its symbols
// renamed for another backend naming.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSTHROUGH_HAND_WRITTEN, type ProbedFunction } from '../rewrite/index.js';
import { type BackendNaming, DEFAULT_NAMING, functionName } from '../model/naming.js';
import { runCommand } from '../util/exec.js';
import type { Toolchain } from '../arch/index.js';

/** kernel-backend/passthrough of this package (same relative place from src/ and dist/). */
export const PASSTHROUGH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kernel-backend/passthrough');

/** Default name → the naming's name, for every symbol the object defines whose name differs. */
export function passthroughRenames(functions: ProbedFunction[], naming: BackendNaming): [string, string][] {
  const pairs: [string, string][] = [
    [DEFAULT_NAMING.dynamic, naming.dynamic],
    [DEFAULT_NAMING.clone, naming.clone],
    ...[...PASSTHROUGH_HAND_WRITTEN].map((k): [string, string] => [k, functionName(k, naming)]),
    ...functions.map((f): [string, string] => [functionName(f.key, DEFAULT_NAMING), functionName(f.key, naming)]),
  ];
  return [...new Map(pairs.filter(([from, to]) => from !== to)).entries()];
}

/** Where buildPassthrough keeps the table an object was compiled with. */
export function passthroughTableFile(objectFile: string): string {
  return objectFile.replace(/\.o$/, '') + '.h';
}

/**
 * Compile passthrough.c with a function table (the text of a passthrough/<version>/<arch>.h) into
 * `outFile` (written through a temp name), then rename symbols for another backend naming.
 */
export async function buildPassthrough(tc: Toolchain, tableText: string, outFile: string, renamed: [string, string][] = []): Promise<void> {
  const dir = path.dirname(outFile);
  await mkdir(dir, { recursive: true });
  const table = passthroughTableFile(outFile);
  await writeFile(table, tableText);
  const tmp = `${outFile}.tmp-${process.pid}`;
  await runCommand(tc.cc, [
    '-c',
    '-O2',
    '-ffreestanding',
    '-fno-builtin',
    '-fno-stack-protector',
    '-nostdinc',
    '-Wall',
    '-Werror',
    `-DPASSTHROUGH_TABLE="${table}"`,
    path.join(PASSTHROUGH_DIR, 'passthrough.c'),
    '-o',
    tmp,
  ]);
  if (renamed.length > 0) await runCommand(tc.objcopy, [...renamed.map(([from, to]) => `--redefine-sym=${from}=${to}`), tmp]);
  await rename(tmp, outFile);
}
