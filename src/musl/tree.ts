import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { MuslTree } from '../model.js';

/** Files every musl release tree has; their absence means the directory is not musl. */
const MARKERS = ['VERSION', 'Makefile', 'configure', 'arch', 'src/internal/syscall.h'];

/** Opens a directory as a musl source tree, or explains in one line why it is not one. */
export async function openMuslTree(dir: string): Promise<MuslTree> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UserError(`${dir} is not a directory`, 'pass the top directory of an extracted musl release');
  }
  const missing = MARKERS.filter((m) => !existsSync(join(root, m)));
  if (missing.length > 0) {
    throw new UserError(
      `${dir} is not a musl source tree (missing ${missing.join(', ')})`,
      'pass the top directory of an extracted musl release (the one holding VERSION and Makefile)',
    );
  }
  const version = readFileSync(join(root, 'VERSION'), 'utf8').trim();
  return { root, version };
}

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
