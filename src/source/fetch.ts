import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import type { MuslTree } from '../model/index.js';
import { openMuslTree } from './tree.js';
import { replaceDir } from '../util/output.js';
import { checkSeal, parseSeal, sealDir, type Seal } from '../util/seal.js';
import { release, tempBeside } from '../util/temp.js';
import { cacheDir, cacheNote, cacheSubdir, describeChanges, withEntryLock, writeSealFile } from '../util/cache.js';
import { aptAvailable, debianOrigTarballUri } from './debian.js';
import { download, isUrl } from './download.js';
import { isVersion, PINNED_SHA256, tarballName, UPSTREAM_RELEASES } from './manifest.js';
import { nixMuslSource, onPath } from './nix-store.js';
import { sha256File } from './verify.js';

export interface FetchOptions {
  cacheDir?: string;
  /** A local tarball to use (verified like any other source). */
  tarball?: string;
  /** A local, already extracted musl tree to use as is. */
  source?: string;
  /** Expected sha256 for a version the manifest does not pin (or to override it). */
  sha256?: string;
  /** Use local sources only (explicit files, the cache, a mirror directory, the nix store). */
  offline?: boolean;
  /** Receives one line per source tried. */
  log?: (msg: string) => void;
}

export interface FetchedTarball {
  version: string;
  path: string;
  sha256: string;
  /** Which source delivered it: `tarball`, `cache`, `mirror`, `upstream`, `nix`, `debian`. */
  origin: string;
}

/** A place a release tarball may come from. `obtain` writes it to `dest` or explains why not. */
interface TarballSource {
  name: string;
  obtain(version: string, dest: string): Promise<string | null>;
}

function expectedSha256(version: string, opts: FetchOptions): string {
  if (!isVersion(version)) {
    throw new UserError(`'${version}' is not a musl version`, 'give a release number such as 1.2.5, or a directory with --source');
  }
  const sha = opts.sha256?.toLowerCase() ?? PINNED_SHA256[version];
  if (!sha) {
    throw new UserError(
      `musl ${version} has no pinned checksum`,
      `pinned versions are ${Object.keys(PINNED_SHA256).join(', ')}; for another release pass --sha256 HEX from a source you trust`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new UserError(`--sha256 '${opts.sha256}' is not 64 hex digits`, 'pass the sha256 of the release tarball');
  return sha;
}

function sources(opts: FetchOptions, log: (m: string) => void): TarballSource[] {
  const list: TarballSource[] = [];
  const mirror = process.env.MUSL_PATCH_MIRROR;
  if (mirror) {
    list.push({
      name: `mirror ${mirror}`,
      async obtain(version, dest) {
        if (isUrl(mirror)) {
          if (opts.offline) return 'skipped (--offline)';
          await download(`${mirror.replace(/\/$/, '')}/${tarballName(version)}`, dest);
          return null;
        }
        for (const name of [tarballName(version), `musl_${version}.orig.tar.gz`]) {
          const file = join(mirror, name);
          if (existsSync(file)) {
            await copyFile(file, dest);
            return null;
          }
        }
        return `no ${tarballName(version)} in ${mirror}`;
      },
    });
  }
  list.push({
    name: 'upstream',
    async obtain(version, dest) {
      if (opts.offline) return 'skipped (--offline)';
      await download(`${UPSTREAM_RELEASES}/${tarballName(version)}`, dest);
      return null;
    },
  });
  list.push({
    name: 'nix store',
    async obtain(version, dest) {
      if (!onPath('nix-instantiate')) return 'nix-instantiate not on PATH';
      const path = await nixMuslSource(version, !opts.offline, log);
      if (!path) return `pkgsStatic.musl ${version} source not in the store`;
      await copyFile(path, dest);
      return null;
    },
  });
  list.push({
    name: 'debian source archive',
    async obtain(version, dest) {
      if (opts.offline) return 'skipped (--offline)';
      if (!aptAvailable()) return 'not a Debian/Ubuntu machine with apt';
      const uri = await debianOrigTarballUri(version, log);
      if (!uri) return `no musl_${version}.orig.tar.gz in the configured archives`;
      await download(uri, dest);
      return null;
    },
  });
  return list;
}

/** Path of a verified tarball in the cache; content-addressed so a wrong `--sha256` never evicts a good file. */
function cachedTarballPath(root: string, version: string, sha: string): string {
  return join(root, 'tarballs', sha, tarballName(version));
}

/**
 * Gets `musl-<version>.tar.gz`, verified against the pinned (or given) sha256, into the cache.
 * Sources are tried in order: `--tarball`, the cache, MUSL_PATCH_MIRROR, upstream, the nix
 * store, the Debian source archive. A file that fails verification is deleted, never cached.
 */
export async function fetchTarball(version: string, opts: FetchOptions = {}): Promise<FetchedTarball> {
  const log = opts.log ?? (() => {});
  const sha = expectedSha256(version, opts);
  const root = cacheDir(opts.cacheDir);
  const target = cachedTarballPath(root, version, sha);

  if (opts.tarball) {
    const file = resolve(opts.tarball);
    if (!existsSync(file)) throw new UserError(`--tarball ${opts.tarball} does not exist`, 'pass the path of a musl release tarball');
    const got = await sha256File(file);
    if (got !== sha) {
      throw new UserError(
        `checksum mismatch for ${opts.tarball}: expected ${sha}, got ${got}`,
        opts.sha256 ? `use the genuine musl-${version}.tar.gz, or check the --sha256 you passed` : `use the genuine musl-${version}.tar.gz, or pass --sha256 if you trust this file`,
      );
    }
    log(`tarball: ${file} verified`);
    await storeAtomically(file, target, root, 'copy');
    return { version, path: target, sha256: sha, origin: 'tarball' };
  }

  if (existsSync(target)) {
    if ((await sha256File(target)) === sha) {
      log(`cache: ${target} verified`);
      return { version, path: target, sha256: sha, origin: 'cache' };
    }
    log(`cache: ${target} is corrupt, deleted`);
    await rm(target, { force: true });
  } else {
    log('cache: miss');
  }

  const failures: string[] = [];
  for (const source of sources(opts, log)) {
    cacheSubdir(root, 'tarballs');
    await mkdir(dirname(target), { recursive: true });
    const partial = tempBeside(target);
    try {
      const skipped = await source.obtain(version, partial);
      if (skipped) {
        log(`${source.name}: ${skipped}`);
        failures.push(`${source.name}: ${skipped}`);
        continue;
      }
      const got = await sha256File(partial);
      if (got !== sha) {
        log(`${source.name}: checksum mismatch (got ${got}), discarded`);
        failures.push(`${source.name}: checksum mismatch`);
        continue;
      }
      log(`${source.name}: verified sha256 ${sha}`);
      await storeAtomically(partial, target, root, 'move');
      return { version, path: target, sha256: sha, origin: source.name.split(' ')[0] };
    } catch (err) {
      if (err instanceof UserError) throw err;
      const reason = (err as Error).message.split('\n')[0];
      log(`${source.name}: failed (${reason})`);
      failures.push(`${source.name}: ${reason}`);
    } finally {
      await rm(partial, { force: true });
      release(partial);
    }
  }
  throw new UserError(
    `could not obtain ${tarballName(version)} (${failures.join('; ')})`,
    `download it and pass --tarball FILE, or set MUSL_PATCH_MIRROR to a directory or URL holding ${tarballName(version)}`,
  );
}

async function storeAtomically(from: string, target: string, root: string, how: 'copy' | 'move'): Promise<void> {
  const dir = join(target, '..');
  cacheSubdir(root, 'tarballs');
  await mkdir(dir, { recursive: true });
  const tmp = tempBeside(target);
  try {
    if (how === 'copy') await copyFile(from, tmp);
    else await rename(from, tmp);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
    release(tmp);
  }
}

/**
 * The pristine extracted tree of a verified release, cached beside the tarballs. Its seal
 * (`<tree>.verified`: the tarball's sha256 and every file's hash, written only once the tree is
 * complete and is the version asked for) is checked on every use; a tree changed since is
 * extracted again from the verified tarball. A failure leaves neither a tree nor a seal.
 */
export async function fetchTree(version: string, opts: FetchOptions = {}): Promise<MuslTree> {
  if (opts.source) {
    const tree = await openMuslTree(opts.source);
    if (tree.version !== version) {
      throw new UserError(`--source ${opts.source} is musl ${tree.version}, not ${version}`, `pass a musl ${version} tree, or ask for version ${tree.version}`);
    }
    return tree;
  }
  const tarball = await fetchTarball(version, opts);
  const root = cacheDir(opts.cacheDir);
  const trees = cacheSubdir(root, 'trees');
  const dir = join(trees, `musl-${version}-${tarball.sha256.slice(0, 12)}`);
  // `.verified` (the tarball's sha256, as earlier versions wrote it) says the tree is complete;
  // `.seal.json` says what it held (util/seal.ts). Both are written after a successful extraction.
  const marker = `${dir}.verified`;
  const intact = async (note: boolean): Promise<MuslTree | null> => {
    const seal = readTreeSeal(dir, marker, tarball.sha256);
    if (!seal || !existsSync(dir)) return null;
    const { changed, restamped } = checkSeal(dir, seal);
    if (changed.length > 0) {
      if (note) cacheNote(`the cached musl ${version} tree changed since it was extracted (${describeChanges(changed)}); extracting it again from the verified tarball`);
      return null;
    }
    if (restamped) writeSealFile(`${dir}.seal.json`, restamped, { tarball: tarball.sha256 });
    return { ...(await openMuslTree(dir)), digest: seal.digest };
  };
  const cached = await intact(true);
  if (cached) return cached;
  // One process extracts at a time; one that waited finds the tree the other one made.
  return withEntryLock(dir, async () => (await intact(false)) ?? extractTree(version, tarball, dir, marker));
}

/** Extracts the verified tarball as the cached tree `dir` and seals it; on any failure neither stays. */
async function extractTree(version: string, tarball: FetchedTarball, dir: string, marker: string): Promise<MuslTree> {
  await rm(marker, { force: true });
  await rm(`${dir}.seal.json`, { force: true });
  try {
    await replaceDir(dir, async (work) => {
      // node-tar loads only when there is something to extract (a cached tree is most runs).
      const { extractTarballSafely } = await import('./extract.js');
      await extractTarballSafely(tarball.path, work);
      const tree = await openMuslTree(work).catch((err: unknown) => {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(`the tarball for musl ${version} does not hold a musl source tree (${err.message.replace(/^.* is not a musl source tree \((.*)\)$/, '$1')})`, 'check the tarball you passed');
      });
      if (tree.version !== version) throw new UserError(`the tarball for musl ${version} contains musl ${tree.version}`, 'check the tarball you passed, or ask for the version it holds');
    });
  } catch (err) {
    // A tarball that verified but is not this release, or cannot be extracted safely, must not stay in the cache either.
    await rm(tarball.path, { force: true });
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const sealed = sealDir(dir);
  writeSealFile(`${dir}.seal.json`, sealed, { tarball: tarball.sha256 });
  await writeFile(marker, `${tarball.sha256}\n`);
  return { ...(await openMuslTree(dir)), digest: sealed.digest };
}

/** The seal of a cached tree, when it is complete and was made from the tarball with this sha256. */
function readTreeSeal(dir: string, marker: string, sha256: string): Seal | null {
  try {
    if (readFileSync(marker, 'utf8').trim() !== sha256) return null;
    const data = JSON.parse(readFileSync(`${dir}.seal.json`, 'utf8')) as { tarball?: string };
    return data.tarball === sha256 ? parseSeal(data) : null;
  } catch {
    return null;
  }
}

/** A version (fetched and verified) or a directory (used as is). */
export async function resolveMuslTree(spec: string, opts: FetchOptions = {}): Promise<MuslTree> {
  if (isVersion(spec) && !existsSync(spec)) return fetchTree(spec, opts);
  if (existsSync(spec) && (await stat(spec)).isDirectory()) return openMuslTree(spec);
  throw new UserError(`'${spec}' is neither a musl version nor a directory`, 'give a release number such as 1.2.5 or the path of a musl tree');
}
