// The arches a musl tree has, and checking an --arch value against them.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import type { MuslTree } from '../model/index.js';

/** musl's arch directories (`arch/*` except `generic`). */
export function muslArches(tree: MuslTree): string[] {
  return readdirSync(join(tree.root, 'arch')).sort().filter((a) => a !== 'generic' && existsSync(join(tree.root, 'arch', a, 'bits', 'syscall.h.in')));
}

/** Validates an `--arch` value against the tree, with a one-line error naming the valid ones. */
export function checkArch(tree: MuslTree, arch: string): string {
  const arches = muslArches(tree);
  if (!arches.includes(arch)) {
    throw new UserError(`musl ${tree.version} has no arch '${arch}'`, `use one of: ${arches.join(', ')}`);
  }
  return arch;
}
