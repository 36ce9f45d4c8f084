// The C and C++ files under the backend paths the user gives (directories are walked), each with
// the arches it is compiled for: a kernel keeps arch-only code in directories named after the arch
// (`src/arch/x86_64/`, `src/arch/aarch64/`), and a definition there counts for that arch only.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { archesOfDirectoryName } from './arch-conditions.js';

const SOURCE_FILE = /\.(c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|inc|ipp)$/i;

/** A backend path as given: a directory or file, optionally limited to some arches. */
export type BackendPath = string | { path: string; arches: string[] | null };

export interface BackendSource {
  file: string;
  /** Arches the file is compiled for (from an arch-named directory, or the path's own limit); null: all. */
  arches: string[] | null;
}

/**
 * The source files under `paths`. Directory names say an arch only below `base` (the directory the
 * paths are relative to), never the directories a checkout happens to live in.
 */
export async function backendSourceFiles(paths: BackendPath[], base = process.cwd(), exclude: string[] = []): Promise<BackendSource[]> {
  if (paths.length === 0) throw new UserError('no backend given', 'pass --backend DIR (a directory or file of the kernel\'s syscall layer)');
  const files = new Map<string, string[] | null>();
  const add = (file: string, arches: string[] | null) => {
    // A file reached twice (`--backend src src/arch/x86_64`) keeps the narrower limit.
    const prev = files.get(file);
    files.set(file, prev === undefined ? arches : intersect(prev, arches));
  };
  for (const entry of paths) {
    const given = typeof entry === 'string' ? entry : entry.path;
    const limit = typeof entry === 'string' ? null : entry.arches;
    const info = await stat(given).catch(() => null);
    if (!info) throw new UserError(`backend path '${given}' does not exist`, 'pass an existing directory or file to --backend');
    const root = path.resolve(given);
    const inside = path.relative(path.resolve(base), root);
    const written = inside.startsWith('..') || path.isAbsolute(inside) ? [] : inside.split(path.sep);
    const own = intersect(limit, archesOfPath(info.isFile() ? written.slice(0, -1) : written));
    if (info.isFile()) add(root, own);
    else if (info.isDirectory()) await walk(root, [], (file, dirs) => add(file, intersect(own, archesOfPath(dirs))));
    else throw new UserError(`backend path '${given}' is not a regular file or directory`, 'pass a directory or C/C++ files to --backend');
  }
  for (const file of exclude) files.delete(path.resolve(file));
  return [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, arches]) => ({ file, arches }));
}

async function walk(dir: string, below: string[], visit: (file: string, dirs: string[]) => void): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, [...below, entry.name], visit);
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) visit(full, below);
  }
}

/** The arches directory names limit a file to (the innermost arch-named directory wins); null: none. */
function archesOfPath(dirs: string[]): string[] | null {
  let arches: string[] | null = null;
  for (const dir of dirs) arches = archesOfDirectoryName(dir) ?? arches;
  return arches;
}

function intersect(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((x) => b.includes(x));
}

/** How a backend file is named in reports: relative to `base` when inside it, with `/` separators. */
export function displayPath(file: string, base: string): string {
  const relative = path.relative(base, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
