// Safety around the trees apply reads and writes: never patch twice, never carry unnoticed local
// edits, never overwrite a directory the user changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import type { MuslTree } from '../model/index.js';

/** Written into every tree apply produces: the hash of each file, to detect later edits. */
export const MANIFEST = '.musl-patch-applied.json';

/** The file musl-patch's macro layer adds; its presence means the tree is already patched. */
const PATCHED_MARKER = 'src/internal/syscall_backend.h';

export function fileHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const rel = path.relative(root, path.join(e.parentPath, e.name));
    if (rel === MANIFEST) continue;
    out[rel] = createHash('sha256').update(readFileSync(path.join(root, rel))).digest('hex');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function refuseAlreadyPatched(tree: MuslTree): void {
  if (existsSync(path.join(tree.root, PATCHED_MARKER))) {
    throw new UserError(`${tree.root} is already patched by musl-patch (it has ${PATCHED_MARKER})`, 'apply to a pristine musl tree or a version number');
  }
}

/** Files that differ between a tree and the pristine release of the same version. */
export function localEdits(tree: MuslTree, pristine: MuslTree): string[] {
  const a = fileHashes(tree.root);
  const b = fileHashes(pristine.root);
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => a[n] !== b[n] && !/^(obj|lib)\//.test(n) && n !== 'config.mak').sort();
}

/**
 * Why an existing output directory may not be replaced without --force: musl-patch did not write
 * it, or somebody changed it since. Null when it may be replaced (empty, or unchanged since apply).
 */
export function outputDirRefusal(out: string): UserError | null {
  if (readdirSync(out).length === 0) return null;
  const manifestFile = path.join(out, MANIFEST);
  if (!existsSync(manifestFile)) {
    return new UserError(`${out} exists and was not written by musl-patch apply`, 'choose another --out, or pass --force to replace it');
  }
  const recorded = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files: Record<string, string> };
  const now = fileHashes(out);
  const names = new Set([...Object.keys(recorded.files), ...Object.keys(now)]);
  const edited = [...names].filter((n) => recorded.files[n] !== now[n]).sort();
  if (edited.length > 0) {
    return new UserError(
      `${out} has local edits since musl-patch wrote it (${edited.length} file(s): ${edited.slice(0, 3).join(', ')}${edited.length > 3 ? ', …' : ''})`,
      'keep them by moving the directory away, or pass --force to overwrite',
    );
  }
  return null;
}
