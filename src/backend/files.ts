// The C and C++ files under the backend paths the user gives (directories are walked).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

const SOURCE_FILE = /\.(c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|inc|ipp)$/i;

export async function backendSourceFiles(paths: string[]): Promise<string[]> {
  if (paths.length === 0) throw new UserError('no backend given', 'pass --backend DIR (a directory or file of the kernel\'s syscall layer)');
  const files = new Set<string>();
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (!info) throw new UserError(`backend path '${given}' does not exist`, 'pass an existing directory or file to --backend');
    if (info.isFile()) files.add(path.resolve(given));
    else await walk(path.resolve(given), files);
  }
  return [...files].sort();
}

async function walk(dir: string, into: Set<string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, into);
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) into.add(full);
  }
}

/** How a backend file is named in reports: relative to `base` when inside it, with `/` separators. */
export function displayPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
