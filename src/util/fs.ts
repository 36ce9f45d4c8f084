// Small file-system questions asked before writing or reading a user's path.

import { realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** stat, or null when nothing is there (also when a parent is a file: ENOTDIR). */
export function statIfAny(p: string): Stats | null {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** The real path of `p` even when it does not exist yet: its nearest existing ancestor resolved, the rest appended. */
export function realPathOf(p: string): string {
  const abs = path.resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return path.join(realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return abs;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}
