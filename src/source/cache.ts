import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Where musl-patch keeps verified tarballs, extracted pristine trees, builds and scan caches.
 * `--cache-dir` wins, then `MUSL_PATCH_CACHE`, then the XDG cache directory.
 */
export function cacheDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  if (process.env.MUSL_PATCH_CACHE) return resolve(process.env.MUSL_PATCH_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'musl-patch');
}

/** Creates (if needed) and checks a writable sub-directory of the cache. */
export function cacheSubdir(root: string, ...parts: string[]): string {
  const dir = join(root, ...parts);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new UserError(
      `cache directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      'pass --cache-dir DIR or set MUSL_PATCH_CACHE to a writable directory',
    );
  }
  return dir;
}
