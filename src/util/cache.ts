import { accessSync, constants, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';

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

/**
 * Stores the cache entry `dir` whole: `fill` writes a work directory beside it, which then replaces
 * `dir`, so a reader never sees half an entry. When `fill` returns false or throws, nothing is left
 * behind. Returns whether `dir` was stored. One process at a time fills an entry: another one
 * asking for the same entry waits, and `stored` (is the entry there now?) spares it the work.
 */
export async function storeCacheEntry(dir: string, fill: (work: string) => Promise<boolean | void>, stored?: () => boolean): Promise<boolean> {
  return withEntryLock(dir, async () => {
    if (stored?.()) return true;
    const work = `${dir}.tmp-${process.pid}`;
    await rm(work, { recursive: true, force: true });
    try {
      if ((await fill(work)) === false) {
        await rm(work, { recursive: true, force: true });
        return false;
      }
      await rm(dir, { recursive: true, force: true });
      await rename(work, dir);
      return true;
    } catch (e) {
      await rm(work, { recursive: true, force: true });
      throw e;
    }
  });
}

/** How often a process waiting for another one's entry looks again. */
const LOCK_POLL_MS = 250;

/**
 * Runs `fn` holding `<dir>.tmp-lock` (mkdir is atomic; the holder's pid inside). A lock whose
 * holder has died is taken over. `.tmp-` keeps the lock out of useCacheEntry's pruning.
 */
async function withEntryLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${dir}.tmp-lock`;
  mkdirSync(dirname(dir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockHolderDied(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolderDied(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // Between the holder's mkdir and its pid write, or a holder that died right there.
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false; // released meanwhile
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Entries of a group kept however old, and the age below which none is removed (a build may be reading it). */
const KEEP_PER_GROUP = 3;
const MIN_AGE_MS = 60 * 60 * 1000;

/**
 * Marks the cache entry `dir` as just used and removes old entries of its group (same name up to
 * the last `-`, e.g. `1.2.5-x86_64-patched-<key>`): builds and patched trees of earlier series or
 * musl-patch versions would otherwise pile up (tens of MB each). Best effort: a failure only costs disk.
 */
export function useCacheEntry(dir: string): void {
  const group = (name: string) => name.slice(0, name.lastIndexOf('-'));
  const mine = group(basename(dir));
  try {
    const now = new Date();
    utimesSync(dir, now, now);
    const parent = dirname(dir);
    const siblings = readdirSync(parent)
      .filter((name) => !name.includes('.tmp-') && group(name) === mine)
      .map((name) => ({ path: join(parent, name), used: statSync(join(parent, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const old of siblings.slice(KEEP_PER_GROUP)) {
      if (old.path !== dir && now.getTime() - old.used > MIN_AGE_MS) rmSync(old.path, { recursive: true, force: true });
    }
  } catch {
    // pruning is housekeeping
  }
}
