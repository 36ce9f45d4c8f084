// Input paths given on the command line, checked when the option is parsed: a missing path, a
// directory where a file is expected (or the reverse) or a device is one line with the fix,
// before any work is done.

import { UserError } from './errors.js';
import { statIfAny } from './fs.js';

export type PathKind = 'file' | 'dir' | 'file-or-dir';

const WANTED: Record<PathKind, string> = { file: 'a file', dir: 'a directory', 'file-or-dir': 'a file or directory' };

/** Checks that `given` exists and is of `kind` (regular files only: no devices, FIFOs or sockets). */
export function existingPath(given: string, kind: PathKind, label: string, hint: string): string {
  const st = statIfAny(given);
  if (!st) throw new UserError(`${label} ${given} does not exist`, hint);
  const isFile = st.isFile();
  const isDir = st.isDirectory();
  const ok = kind === 'file' ? isFile : kind === 'dir' ? isDir : isFile || isDir;
  if (!ok) {
    const what = isDir ? 'a directory' : isFile ? 'a file' : 'not a regular file (a device, FIFO or socket)';
    throw new UserError(`${label} ${given} is ${what}, not ${WANTED[kind]}`, hint);
  }
  return given;
}

/** A commander option parser checking each value (variadic options accumulate into a list). */
export function inputPath(kind: PathKind, label: string, hint: string): (value: string, previous?: unknown) => string;
export function inputPath(kind: PathKind, label: string, hint: string, variadic: true): (value: string, previous?: unknown) => string[];
export function inputPath(kind: PathKind, label: string, hint: string, variadic = false) {
  return (value: string, previous?: unknown) => {
    existingPath(value, kind, label, hint);
    if (!variadic) return value;
    return Array.isArray(previous) ? [...(previous as string[]), value] : [value];
  };
}
