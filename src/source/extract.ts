import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, posix } from 'node:path';
import { t as listTar, x as extractTar } from 'tar';
import { UserError } from '../util/errors.js';

/**
 * Checks one archive member before anything is written: no absolute path, no `..` segment,
 * no hard or symbolic link pointing outside the tree. Returns the reason it is unsafe, or null.
 */
export function unsafeEntryReason(path: string, type: string, linkpath?: string): string | null {
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return `absolute path ${path}`;
  if (path.split(/[\\/]/).includes('..')) return `entry ${path} climbs out of the tree with '..'`;
  if ((type === 'SymbolicLink' || type === 'Link') && linkpath !== undefined) {
    if (isAbsolute(linkpath)) return `link ${path} points to absolute ${linkpath}`;
    // Symlinks resolve from the link's own directory; hard links from the archive root.
    const base = type === 'SymbolicLink' ? posix.dirname(path) : '.';
    const target = posix.normalize(posix.join(base, linkpath));
    if (target === '..' || target.startsWith('../')) return `link ${path} escapes the tree via ${linkpath}`;
  }
  return null;
}

function corrupt(tarball: string, detail: string): UserError {
  return new UserError(
    `${tarball} is not a readable musl tarball (${detail})`,
    'delete it and fetch again, or pass a good file with --tarball',
  );
}

/**
 * Extracts a release tarball into `destDir` (which must not exist yet) after validating every
 * member; the tree appears only when extraction succeeded (temp dir + rename).
 * Returns the path of the tree (the archive's single top-level directory).
 */
export async function extractTarballSafely(tarball: string, destDir: string): Promise<string> {
  const roots = new Set<string>();
  const problems: string[] = [];
  try {
    await listTar({
      file: tarball,
      strict: true,
      onReadEntry: (entry) => {
        const reason = unsafeEntryReason(entry.path, entry.type, entry.linkpath);
        // Throwing inside the parser's callback would escape as an unhandled stream error.
        if (reason) problems.push(reason);
        const top = normalize(entry.path).split(/[\\/]/)[0];
        if (top && top !== '.') roots.add(top);
      },
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw corrupt(tarball, (err as Error).message.split('\n')[0]);
  }
  if (problems.length > 0) {
    throw new UserError(`unsafe tarball ${tarball}: ${problems[0]}`, 'use the upstream release tarball; musl-patch refuses archives that write outside their tree');
  }
  if (roots.size !== 1) throw corrupt(tarball, `expected one top-level directory, found ${roots.size}`);

  const parent = join(destDir, '..');
  const tmp = await mkdtemp(join(parent, '.extract-'));
  try {
    await extractTar({ file: tarball, cwd: tmp, strict: true, preserveOwner: false });
    const [top] = await readdir(tmp);
    await rename(join(tmp, top), destDir);
    return destDir;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw corrupt(tarball, (err as Error).message.split('\n')[0]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
