// Build one musl tree for one arch (static libc only) and install it, cached by what determines
// the result: version, arch, variant, compiler version and a digest of the sources.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MuslTree } from '../model/index.js';
import { configureArgs, configureEnv, DEFAULT_CONFIGURE, describeConfigure, isDefaultConfigure, type MuslConfigure } from '../musl/index.js';
import { cacheDir, cacheSubdir, intactCacheEntry, storeCacheEntry, useCacheEntry } from '../util/cache.js';
import { runCommand } from '../util/exec.js';
import { findToolchain, type Toolchain } from '../arch/index.js';

export type BuildVariant = 'plain' | 'patched';

export interface BuildRequest {
  tree: MuslTree;
  arch: string;
  variant: BuildVariant;
  /**
   * What else distinguishes these sources from the pristine release (for a patched tree: a
   * digest of the patch series or of the rewrite's changes). Part of the cache key.
   */
  sourceKey?: string;
  jobs?: number;
  /** Cache root (default: the musl-patch cache directory). */
  cacheRoot?: string;
  /** Rebuild even when a cached build exists. */
  force?: boolean;
  /** Keep the objects (obj/ of the build) in the cache entry, for a later build to reuse. */
  keepObjects?: boolean;
  /**
   * Objects another build compiled from the same bytes (src/build/reuse.ts), asked for only when
   * this build is made: copied into its obj/ after its generated headers, so make compiles only
   * the others.
   */
  seed?: () => Promise<ObjectSeed | undefined>;
  /** musl's configure options (allocator, debug, CFLAGS); default: musl's defaults. */
  configure?: MuslConfigure;
}

export interface MuslBuild {
  version: string;
  arch: string;
  variant: BuildVariant;
  /** Install prefix: lib/ (libc.a, crt1.o, crti.o, crtn.o, ...) and include/. */
  prefix: string;
  libc: string;
  /** crt objects installed next to libc.a. */
  crt: string[];
  compiler: string;
  /** The configure options it was built with. */
  configure: MuslConfigure;
  /** Wall time of configure + make + install when it was built. */
  seconds: number;
  /** Objects taken from another build instead of compiled. */
  reusedObjects?: number;
  cached: boolean;
}

export interface ObjectSeed {
  objDir: string;
  /** Paths relative to objDir (and to the build's obj/). */
  objects: string[];
}


const META = 'build.json';
const OBJECTS = 'obj';

export function buildKey(req: BuildRequest, tc: Toolchain): string {
  const configure = req.configure ?? DEFAULT_CONFIGURE;
  // Builds with musl's defaults keep the keys they had before configure options existed.
  const parts = [req.tree.version, req.arch, req.variant, tc.version, req.sourceKey ?? ''];
  if (!isDefaultConfigure(configure)) parts.push(describeConfigure(configure));
  const digest = createHash('sha256')
    .update(parts.join('\0'))
    .digest('hex')
    .slice(0, 16);
  return `${req.tree.version}-${req.arch}-${req.variant}-${digest}`;
}

export async function buildMusl(req: BuildRequest): Promise<MuslBuild> {
  const tc = await findToolchain(req.arch);
  const dir = path.join(cacheSubdir(req.cacheRoot ?? cacheDir(), 'builds'), buildKey(req, tc));
  const cached = async (): Promise<MuslBuild> => {
    const meta = JSON.parse(await readFile(path.join(dir, META), 'utf8')) as MuslBuild;
    useCacheEntry(dir);
    return { ...meta, configure: meta.configure ?? DEFAULT_CONFIGURE, cached: true };
  };
  if (!req.force && intactCacheEntry(dir)) return cached();
  let build: MuslBuild | undefined;
  // Another process may be building the same entry: then this one waits for it and reads it.
  await storeCacheEntry(dir, async (work) => {
    const objdir = path.join(work, 'build');
    await mkdir(objdir, { recursive: true });
    const started = Date.now();
    const configure = req.configure ?? DEFAULT_CONFIGURE;
    const env = { ...process.env, CC: tc.cc, CROSS_COMPILE: tc.prefix, ...configureEnv(configure) };
    await runCommand('sh', [path.join(req.tree.root, 'configure'), `--target=${tc.target}`, '--disable-shared', '--prefix=/', ...configureArgs(configure)], {
      cwd: objdir,
      env,
    });
    const seed = await req.seed?.();
    if (seed) await seedObjects(objdir, seed, env);
    await runCommand('make', [`-j${req.jobs ?? 2}`], { cwd: objdir, env });
    await runCommand('make', ['install', `DESTDIR=${path.join(work, 'prefix')}`], { cwd: objdir, env });
    if (req.keepObjects) await rename(path.join(objdir, OBJECTS), path.join(work, OBJECTS));
    await rm(objdir, { recursive: true, force: true });
    const lib = path.join(dir, 'prefix', 'lib');
    const crtNames = (await readdir(path.join(work, 'prefix', 'lib'))).filter((f) => f.endsWith('.o')).sort();
    build = {
      version: req.tree.version,
      arch: req.arch,
      variant: req.variant,
      prefix: path.join(dir, 'prefix'),
      libc: path.join(lib, 'libc.a'),
      crt: crtNames.map((f) => path.join(lib, f)),
      compiler: tc.version,
      configure,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      ...(seed ? { reusedObjects: seed.objects.length } : {}),
      cached: false,
    };
    await writeFile(path.join(work, META), JSON.stringify(build, null, 2) + '\n');
  }, () => !req.force && existsSync(path.join(dir, META)) && intactCacheEntry(dir));
  if (!build) return cached();
  useCacheEntry(dir);
  return build;
}

/**
 * The generated headers first (every C object depends on them), then the seed's objects: copied
 * later, they are newer than their sources and those headers, and make leaves them as they are.
 */
async function seedObjects(objdir: string, seed: ObjectSeed, env: NodeJS.ProcessEnv): Promise<void> {
  await runCommand('make', ['obj/include/bits/alltypes.h', 'obj/include/bits/syscall.h', 'obj/src/internal/version.h'], { cwd: objdir, env });
  for (const obj of seed.objects) {
    const to = path.join(objdir, OBJECTS, obj);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(path.join(seed.objDir, obj), to);
  }
}
