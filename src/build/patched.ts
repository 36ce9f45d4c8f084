// Plain and patched musl for one arch: the patched sources (shipped series or fresh rewrite), the
// build, the passthrough backend compiled for it, the predicted backend set, and its verification.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MuslTree } from '../model/index.js';
import { findToolchain, type SupportedArch } from '../arch/index.js';
import { compareText } from '../util/text.js';
import { cacheDir, cacheSubdir, intactCacheEntry, storeCacheEntry, useCacheEntry } from '../util/cache.js';
import {
  applyPatchFiles,
  applyRewrite,
  constantFunctions,
  isBuildOutput,
  PACKAGE_KERNEL_BACKEND_ROOT,
  PACKAGE_SERIES_ROOT,
  passthroughTablePath,
  predictedFunctions,
  prototypesHeaderPath,
  readPrototypesHeader,
  referencedFunctions,
  renderPassthroughTable,
  seriesNames,
  type RewriteResult,
} from '../rewrite/index.js';
import { DEFAULT_NAMING, isDefaultNaming, type BackendNaming } from '../model/naming.js';
import { buildKey, buildMusl, type MuslBuild, type ObjectSeed } from './build.js';
import { reusableObjects } from './reuse.js';
import { PASSTHROUGH_DIR, buildPassthrough, passthroughRenames, passthroughTableFile } from './passthrough.js';
import { verifyLibc, type LibcVerification } from './verify.js';

export interface BuildOptions {
  jobs?: number;
  cacheRoot?: string;
  naming?: BackendNaming;
}

export function buildPlainMusl(tree: MuslTree, arch: string, opts: BuildOptions = {}): Promise<MuslBuild> {
  // Its objects stay with it: the patched build of the same release takes those it would compile alike.
  return buildMusl({ tree, arch, variant: 'plain', jobs: opts.jobs, cacheRoot: opts.cacheRoot, keepObjects: true });
}

export interface PatchedMusl {
  build: MuslBuild;
  /** The compiled passthrough backend for this build (link it after the program). */
  passthrough: string;
  /** The generated function table it was compiled with (equals kernel-backend/passthrough/<version>/<arch>.h for the shipped series). */
  passthroughTable: string;
  /** Backend functions the libc must reference: probe keys + assembly-contract functions + syscall_n. */
  predicted: string[];
  naming: BackendNaming;
  /** Where the patched sources came from. */
  source: 'shipped series' | 'fresh rewrite';
}

/** A digest of the rewrite's own code: a changed rewrite must not reuse a cached patched tree. */
function rewriteCodeDigest(): string {
  // Hash the TypeScript sources whenever they are there, so the CLI (running from dist/) and the
  // tests (running from src/) share cached patched builds; an installed package hashes its dist/.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = path.resolve(here, '../../src/rewrite');
  const dir = existsSync(sources) ? sources : path.resolve(here, '../rewrite');
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f)).sort()) hash.update(f).update(readFileSync(path.join(dir, f)));
  return hash.digest('hex').slice(0, 16);
}

/** The patched tree of one version for some arches, rewritten once and cached. */
export async function patchedTree(
  tree: MuslTree,
  arches: SupportedArch[],
  opts: BuildOptions = {},
): Promise<{ tree: MuslTree; rewrite: RewriteResult; key: string }> {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const key = createHash('sha256')
    .update(JSON.stringify([tree.version, [...arches].sort(), naming, rewriteCodeDigest()]))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheSubdir(opts.cacheRoot ?? cacheDir(), 'patched'), `${tree.version}-${key}`);
  const meta = path.join(dir, 'rewrite.json');
  if (!intactCacheEntry(dir)) {
    await storeCacheEntry(dir, async (work) => {
      const result = await applyRewrite(tree, path.join(work, 'tree'), { arches, naming, jobs: opts.jobs, cacheRoot: opts.cacheRoot });
      result.root = path.join(dir, 'tree');
      await writeFile(path.join(work, 'rewrite.json'), JSON.stringify(result, null, 1) + '\n');
    }, () => intactCacheEntry(dir));
  }
  useCacheEntry(dir);
  const rewrite = JSON.parse(await readFile(meta, 'utf8')) as RewriteResult;
  return { tree: { root: rewrite.root, version: tree.version }, rewrite, key };
}

/** A patched tree plus what building on it needs: the passthrough table and the predicted set for an arch. */
interface PatchedSource {
  tree: MuslTree;
  /** Identifies the patched sources in build cache keys. */
  key: string;
  tableText: string;
  predicted: string[];
  renames: [string, string][];
  source: PatchedMusl['source'];
}

/** Build and install patched musl for one arch, with its passthrough backend. */
export async function buildPatchedMusl(pristine: MuslTree, arch: SupportedArch, opts: BuildOptions = {}): Promise<PatchedMusl> {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const patched = (await shippedPatchedTree(pristine, arch, opts)) ?? (await rewrittenPatchedTree(pristine, arch, opts));
  const build = await buildMusl({
    tree: patched.tree,
    arch,
    variant: 'patched',
    sourceKey: patched.key,
    jobs: opts.jobs,
    cacheRoot: opts.cacheRoot,
    seed: () => plainObjects(pristine, patched.tree, arch, opts),
  });
  const passthrough = await cachedPassthrough(build, patched, opts);
  return { build, passthrough, passthroughTable: passthroughTableFile(passthrough), predicted: patched.predicted, naming, source: patched.source };
}

/**
 * The objects of a cached plain build of the same release and arch that the patched build would
 * compile to the same bytes (src/build/reuse.ts); none when there is no such build with objects.
 */
async function plainObjects(pristine: MuslTree, patched: MuslTree, arch: SupportedArch, opts: BuildOptions): Promise<ObjectSeed | undefined> {
  const tc = await findToolchain(arch);
  const builds = cacheSubdir(opts.cacheRoot ?? cacheDir(), 'builds');
  const plainDir = path.join(builds, buildKey({ tree: pristine, arch, variant: 'plain' }, tc));
  const objDir = path.join(plainDir, 'obj');
  if (!existsSync(objDir) || !intactCacheEntry(plainDir)) return undefined;
  const objects = reusableObjects(objDir, pristine.root, patched.root, arch);
  return objects.length > 0 ? { objDir, objects } : undefined;
}

/** The compiled passthrough backend for a build, a sealed cache entry of its own (keyed by its inputs). */
async function cachedPassthrough(build: MuslBuild, patched: PatchedSource, opts: BuildOptions): Promise<string> {
  const tc = await findToolchain(build.arch);
  const source = readFileSync(path.join(PASSTHROUGH_DIR, 'passthrough.c'));
  const key = createHash('sha256').update(source).update(patched.tableText).update(JSON.stringify(patched.renames)).update(tc.version).digest('hex').slice(0, 16);
  const dir = path.join(cacheSubdir(opts.cacheRoot ?? cacheDir(), 'passthrough'), `${build.version}-${build.arch}-passthrough-${key}`);
  if (!intactCacheEntry(dir)) {
    await storeCacheEntry(dir, async (work) => buildPassthrough(tc, patched.tableText, path.join(work, 'passthrough.o'), patched.renames), () => intactCacheEntry(dir));
  }
  useCacheEntry(dir);
  return path.join(dir, 'passthrough.o');
}

/** The fresh rewrite of any tree (custom naming, versions without a shipped series): probe included. */
async function rewrittenPatchedTree(pristine: MuslTree, arch: SupportedArch, opts: BuildOptions): Promise<PatchedSource> {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const { tree, rewrite, key } = await patchedTree(pristine, [arch], opts);
  const functions = referencedFunctions(rewrite, arch);
  return {
    tree,
    key,
    // Default names in the table; the object's symbols are renamed for the naming afterwards.
    tableText: renderPassthroughTable(pristine.version, arch, constantFunctions(functions, DEFAULT_NAMING, arch)),
    predicted: predictedFunctions(rewrite, arch),
    renames: passthroughRenames(functions, naming),
    source: 'fresh rewrite',
  };
}

/**
 * The shipped series applied with patch(1), as `apply` does, with the committed passthrough table
 * and prototypes header of the version (CI checks both equal a fresh rewrite): no probe needed.
 * Null when they do not fit: another naming, no shipped files, or a tree the series does not apply to.
 */
async function shippedPatchedTree(pristine: MuslTree, arch: SupportedArch, opts: BuildOptions): Promise<PatchedSource | null> {
  if (!isDefaultNaming(opts.naming ?? DEFAULT_NAMING)) return null;
  const seriesDir = path.join(PACKAGE_SERIES_ROOT, pristine.version);
  const patches = seriesNames(seriesDir).map((n) => path.join(seriesDir, n));
  const header = path.join(PACKAGE_KERNEL_BACKEND_ROOT, prototypesHeaderPath(pristine.version));
  const table = path.join(PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath(pristine.version, arch));
  if (patches.length === 0 || !existsSync(header) || !existsSync(table)) return null;
  const predicted = readPrototypesHeader(readFileSync(header, 'utf8')).get(arch);
  if (!predicted) return null;
  // What libc.a is built from: the series and the pristine tree. The table and the header only
  // feed the passthrough (keyed by its own inputs) and the verification, so a change of the
  // contract alone rebuilds nothing.
  const hash = createHash('sha256').update(JSON.stringify([pristine.version, 'shipped series']));
  for (const f of patches) hash.update(readFileSync(f));
  hash.update(pristine.digest ?? treeDigest(pristine.root));
  const key = hash.digest('hex').slice(0, 16);
  const dir = path.join(cacheSubdir(opts.cacheRoot ?? cacheDir(), 'patched'), `${pristine.version}-shipped-${key}`);
  if (!intactCacheEntry(dir)) {
    const stored = await storeCacheEntry(dir, async (work) => {
      await cp(pristine.root, path.join(work, 'tree'), { recursive: true, filter: (src) => !isBuildOutput(pristine.root, src) });
      return applyPatchFiles(path.join(work, 'tree'), patches).length === 0;
    }, () => intactCacheEntry(dir));
    if (!stored) return null; // e.g. a tree with local edits: the fresh rewrite handles it
  }
  useCacheEntry(dir);
  return { tree: { root: path.join(dir, 'tree'), version: pristine.version }, key, tableText: readFileSync(table, 'utf8'), predicted, renames: [], source: 'shipped series' };
}

/** Size, mtime and ctime of every file of a tree that is not a sealed cache tree: a changed input tree must not reuse a cached patched one. */
function treeDigest(root: string): string {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !isBuildOutput(root, file))
    .sort(compareText);
  const hash = createHash('sha256');
  for (const file of files) {
    const st = statSync(file);
    hash.update(`${path.relative(root, file)}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The trap gate, the needed-set check and the duplicate check on a patched build. */
export async function verifyPatchedMusl(patched: PatchedMusl): Promise<LibcVerification> {
  const tc = await findToolchain(patched.build.arch);
  return verifyLibc(tc, patched.build, patched.predicted, patched.naming);
}
