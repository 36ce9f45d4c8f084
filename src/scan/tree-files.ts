// The files of a musl tree the scanner reads: one directory walk, shared by the cache key and the
// scan itself (kept apart from the parser so that a cached scan loads neither).

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Directories of a musl tree that hold C, headers or assembly. */
export const TREE_DIRS = ['src', 'crt', 'ldso', 'arch', 'include', 'compat'];

/** Every file under the given top-level directories, tree-relative, sorted. */
export function listFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() || (e.isSymbolicLink() && !isDirectory(join(root, p)))) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out.sort();
}

/** A symlink that cannot be followed counts as a file: reading it later reports the problem. */
function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
