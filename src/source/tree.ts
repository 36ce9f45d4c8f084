// A directory as a musl source tree: the markers every release has, and its version.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MuslTree } from '../model/index.js';
import { UserError } from '../util/errors.js';

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
