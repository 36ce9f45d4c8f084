import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, posix } from 'node:path';
import { createReadStream } from 'node:fs';
import { Parser, type ReadEntry, x as extractTar } from 'tar';
import { UserError } from '../util/errors.js';
import { formatBytes, LIMITS } from '../util/limits.js';
import { release, tempBeside } from '../util/temp.js';

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
    'the cached copy was removed: fetch again, or pass a good file with --tarball',
  );
}

/**
 * Extracts a release tarball into `destDir` (which must not exist yet) after validating every
 * member; the tree appears only when extraction succeeded (temp dir + rename).
 * Returns the path of the tree (the archive's single top-level directory).
 */
export async function extractTarballSafely(tarball: string, destDir: string, limits: ArchiveLimits = LIMITS): Promise<string> {
  const roots = new Set<string>();
  const problems: string[] = [];
  const overLimit: string[] = [];
  let members = 0;
  let total = 0;
  try {
    await listMembers(tarball, (entry) => {
      const reason = unsafeEntryReason(entry.path, entry.type, entry.linkpath);
      const limit = sizeReason(limits, entry.path, entry.size ?? 0, ++members, (total += entry.size ?? 0));
      // Throwing inside the parser's callback would escape as an unhandled stream error.
      if (reason && problems.length < 10) problems.push(reason);
      if (limit) {
        overLimit.push(limit);
        return false; // no need to read the rest of an archive already refused
      }
      const top = normalize(entry.path).split(/[\\/]/)[0];
      if (top && top !== '.') roots.add(top);
      return true;
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw corrupt(tarball, (err as Error).message.split('\n')[0]);
  }
  if (problems.length > 0) {
    throw new UserError(`unsafe tarball ${tarball}: ${problems[0]}`, 'use the upstream release tarball; musl-patch refuses archives that write outside their tree');
  }
  if (overLimit.length > 0) {
    throw new UserError(`tarball ${tarball} is not a musl release: ${overLimit[0]}`, 'use the upstream release tarball');
  }
  if (roots.size !== 1) throw corrupt(tarball, `expected one top-level directory, found ${roots.size}`);

  const tmp = tempBeside(destDir);
  try {
    await mkdir(tmp);
    // No setuid, setgid or sticky bit from an archive: a source tree has no use for them.
    const plainMode = (_path: string, entry: { mode?: number }) => {
      if (typeof entry.mode === 'number') entry.mode &= 0o777;
      return true;
    };
    await extractTar({ file: tarball, cwd: tmp, strict: true, preserveOwner: false, filter: plainMode });
    const [top] = await readdir(tmp);
    await rename(join(tmp, top), destDir);
    return destDir;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw corrupt(tarball, (err as Error).message.split('\n')[0]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
    release(tmp);
  }
}

/** Reads every member header of `tarball` (gzip or not) until `visit` returns false. */
function listMembers(tarball: string, visit: (entry: ReadEntry) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(tarball);
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry) => {
        entry.resume();
        if (!visit(entry)) {
          input.destroy();
          resolve();
        }
      },
    });
    input.on('error', reject);
    parser.on('error', reject);
    parser.on('end', () => resolve());
    input.pipe(parser);
  });
}

/** Why a member breaks a limit (util/limits.ts), or null. */
type ArchiveLimits = Pick<typeof LIMITS, 'archiveMembers' | 'archiveMemberBytes' | 'archiveTotalBytes'>;

function sizeReason(limits: ArchiveLimits, path: string, size: number, members: number, total: number): string | null {
  if (members > limits.archiveMembers) return `more than ${limits.archiveMembers} members (limit; musl has about 3,000)`;
  if (size > limits.archiveMemberBytes) return `member ${path} is ${formatBytes(size)}, above the ${formatBytes(limits.archiveMemberBytes)} limit for one file`;
  if (total > limits.archiveTotalBytes) return `more than ${formatBytes(limits.archiveTotalBytes)} unpacked (limit; musl is about 14 MiB)`;
  return null;
}
