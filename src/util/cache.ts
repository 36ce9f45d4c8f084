import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';
import { checkSeal, parseSeal, sealDir, type Seal } from './seal.js';
import { release, sweepDir, tempBeside } from './temp.js';

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

/** Temporary names of earlier musl-patch versions (no pid-and-random suffix): swept once an hour old. */
const LEGACY_TEMP = /(\.tmp-\d+$|^\.extract-|^\.partial-|\.[0-9a-f]{12}\.tmp$|\.\d+\.tmp$)/;
const swept = new Set<string>();

/**
 * Creates (if needed) and checks a writable sub-directory of the cache; the first use in a process
 * sweeps what killed runs left there (see util/temp.ts).
 */
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
  if (!swept.has(dir)) {
    swept.add(dir);
    sweepDir(dir, LEGACY_TEMP);
  }
  return dir;
}

/** The seal every stored entry carries (util/seal.ts): what fill wrote, checked on every use. */
export const ENTRY_SEAL = '.musl-patch-seal.json';

/**
 * Whether the cache entry `dir` exists and holds exactly what was stored in it. An entry changed
 * since (a file edited, added or removed, or no seal at all) is not trusted: the caller makes it
 * again, and a one-line note says so.
 */
export function intactCacheEntry(dir: string): boolean {
  const sealFile = join(dir, ENTRY_SEAL);
  if (!existsSync(dir)) return false;
  let seal: Seal | null = null;
  try {
    seal = parseSeal(JSON.parse(readFileSync(sealFile, 'utf8')));
  } catch {
    // no seal: an entry of an older musl-patch, or one somebody wrote by hand
  }
  if (!seal) {
    cacheNote(`${dir} has no valid seal; making it again`);
    return false;
  }
  const { changed, restamped } = checkSeal(dir, seal, ENTRY_SEAL);
  if (changed.length > 0) {
    cacheNote(`${dir} changed since it was made (${describeChanges(changed)}); making it again`);
    return false;
  }
  if (restamped) writeSealFile(sealFile, restamped);
  return true;
}

export function describeChanges(changed: string[]): string {
  return `${changed.length} file(s): ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}`;
}

/** A cache entry that was not what it should be is made again; the user hears about it once, on stderr. */
export function cacheNote(message: string): void {
  process.stderr.write(`musl-patch: note: ${message}\n`);
}

/** Writes a seal file through a temporary file (best effort when restamping: a read-only cache still works). */
export function writeSealFile(file: string, seal: Seal, extra: Record<string, unknown> = {}): void {
  const tmp = tempBeside(file);
  try {
    writeFileSync(tmp, `${JSON.stringify({ ...extra, ...seal })}\n`);
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  } finally {
    release(tmp);
  }
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
    const work = tempBeside(dir);
    try {
      if ((await fill(work)) === false) {
        await rm(work, { recursive: true, force: true });
        return false;
      }
      // Sealed before it becomes visible: what a later run reads is checked against this.
      writeFileSync(join(work, ENTRY_SEAL), `${JSON.stringify(sealDir(work, ENTRY_SEAL))}\n`);
      await rm(dir, { recursive: true, force: true });
      await rename(work, dir);
      return true;
    } catch (e) {
      await rm(work, { recursive: true, force: true });
      throw e;
    } finally {
      release(work);
    }
  });
}

/** How often a process waiting for another one's entry looks again. */
const LOCK_POLL_MS = 250;

/**
 * Runs `fn` holding `<dir>.tmp-lock` (mkdir is atomic; the holder's pid inside). A lock whose
 * holder has died is taken over. `.tmp-` keeps the lock out of useCacheEntry's pruning.
 */
export async function withEntryLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
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
      .filter((name) => !/\.(tmp|old)-/.test(name) && group(name) === mine)
      .map((name) => ({ path: join(parent, name), used: statSync(join(parent, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const old of siblings.slice(KEEP_PER_GROUP)) {
      if (old.path !== dir && now.getTime() - old.used > MIN_AGE_MS) rmSync(old.path, { recursive: true, force: true });
    }
  } catch {
    // pruning is housekeeping
  }
}

/**
 * A value derived from files that do not change (nm of a cached libc.a, a build's verification),
 * kept as a sealed entry `dir` holding `value.json`: read when intact, else computed and stored.
 */
export async function cachedValue<T>(dir: string, compute: () => Promise<T>): Promise<T> {
  const file = join(dir, 'value.json');
  if (!intactCacheEntry(dir)) {
    await storeCacheEntry(dir, async (work) => {
      mkdirSync(work, { recursive: true });
      writeFileSync(join(work, 'value.json'), JSON.stringify(await compute()));
    }, () => intactCacheEntry(dir));
  }
  useCacheEntry(dir);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
