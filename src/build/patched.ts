// Plain and patched musl for one arch: the patched sources (shipped series or fresh rewrite), the
// build, the passthrough backend compiled for it, the predicted backend set, and its verification.
//
// A kernel profile adds configure options (`--with-malloc=oldmalloc`, debug, CFLAGS) and the
// kernel's own patches (applied after the series, and to the plain build too, so the two compare
// like for like). Then the prediction is the scan of what is built: the tree with the kernel's
// patches, with the profile's allocator (the committed header is musl's default build).

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
import { UserError } from '../util/errors.js';
import { DEFAULT_CONFIGURE, isDefaultConfigure, type MuslConfigure } from '../musl/index.js';
import { neededSymbols, scan } from '../scan/index.js';
import { asmSiteFunctions } from '../rewrite/index.js';
import { buildKey, buildMusl, type MuslBuild, type ObjectSeed } from './build.js';
import { reusableObjects } from './reuse.js';
import { PASSTHROUGH_DIR, buildPassthrough, passthroughRenames, passthroughTableFile } from './passthrough.js';
import { verifyLibc, type LibcVerification } from './verify.js';

export interface BuildOptions {
  jobs?: number;
  cacheRoot?: string;
  naming?: BackendNaming;
  /** musl's configure options (default: musl's defaults). */
  configure?: MuslConfigure;
  /** The kernel's own patches, absolute, applied in order after musl-patch's series. */
  patches?: string[];
}

export async function buildPlainMusl(tree: MuslTree, arch: string, opts: BuildOptions = {}): Promise<MuslBuild> {
  const source = await withKernelPatches(tree, PRISTINE, opts);
  // Its objects stay with it: the patched build of the same release takes those it would compile alike.
  return buildMusl({ ...plainRequest(source, arch, opts), jobs: opts.jobs, cacheRoot: opts.cacheRoot, keepObjects: true });
}

const PRISTINE = 'pristine';

/** The plain build of a (kernel-patched) tree with the profile's configure options: the same request for building and for finding it. */
function plainRequest(source: { tree: MuslTree; key: string }, arch: string, opts: BuildOptions) {
  return { tree: source.tree, arch, variant: 'plain' as const, sourceKey: source.key === PRISTINE ? undefined : source.key, configure: opts.configure };
}

/**
 * `tree` with the kernel's own patches applied, as a cached copy keyed by what it was made from;
 * the tree itself when there are none. A patch that does not apply is one line naming it and its hunk.
 */
async function withKernelPatches(tree: MuslTree, key: string, opts: BuildOptions): Promise<{ tree: MuslTree; key: string }> {
  const patches = opts.patches ?? [];
  if (patches.length === 0) return { tree, key };
  const hash = createHash('sha256').update(JSON.stringify([tree.version, 'kernel patches', key]));
  for (const f of patches) hash.update(path.basename(f)).update(readFileSync(f));
  const derived = hash.digest('hex').slice(0, 16);
  const dir = path.join(cacheSubdir(opts.cacheRoot ?? cacheDir(), 'patched'), `${tree.version}-kernel-${derived}`);
  const root = path.join(dir, 'tree');
  if (!intactCacheEntry(dir)) {
    await storeCacheEntry(dir, async (work) => {
      await cp(tree.root, path.join(work, 'tree'), { recursive: true, filter: (src) => !isBuildOutput(tree.root, src) });
      const conflicts = applyPatchFiles(path.join(work, 'tree'), patches);
      if (conflicts.length > 0) {
        const c = conflicts[0];
        throw new UserError(
          `the kernel's patch ${c.patch} does not apply to musl ${tree.version}${key === PRISTINE ? '' : " with musl-patch's series"} (${c.file}${c.hunk ? `, hunk ${c.hunk}` : ''})`,
          'rebase the patch on that tree, or drop what the series already does from it (musl-patch init names such hunks)',
        );
      }
    }, () => intactCacheEntry(dir));
  }
  useCacheEntry(dir);
  return { tree: { root, version: tree.version }, key: derived };
}

/** Whether a build differs from musl-patch's own default one (the committed prediction is for that). */
function isProfiled(opts: BuildOptions): boolean {
  return !isDefaultConfigure(opts.configure ?? DEFAULT_CONFIGURE) || (opts.patches ?? []).length > 0;
}

/**
 * The backend functions a profiled build must reference on `arch`: the scan of the pristine tree
 * with the kernel's patches, with the profile's allocator, plus what the rewritten assembly calls.
 */
async function scannedPrediction(pristine: MuslTree, arch: SupportedArch, opts: BuildOptions): Promise<string[]> {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const { tree } = await withKernelPatches(pristine, PRISTINE, opts);
  const result = await scan(tree, [arch], { naming, malloc: (opts.configure ?? DEFAULT_CONFIGURE).malloc, cacheDir: opts.cacheRoot });
  return [...neededSymbols(result.arches[0].sites, { naming, asmReferences: asmSiteFunctions(arch, naming) }).keys()].sort();
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
  /** How the prediction was made: the rewrite's own (committed header or probe), or the scan of a profiled build. */
  prediction: 'rewrite' | 'scan';
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
  const rewritten = (await shippedPatchedTree(pristine, arch, opts)) ?? (await rewrittenPatchedTree(pristine, arch, opts));
  const patched = { ...rewritten, ...(await withKernelPatches(rewritten.tree, rewritten.key, opts)) };
  const profiled = isProfiled(opts);
  if (profiled) patched.predicted = await scannedPrediction(pristine, arch, opts);
  const build = await buildMusl({
    tree: patched.tree,
    arch,
    variant: 'patched',
    sourceKey: patched.key,
    jobs: opts.jobs,
    cacheRoot: opts.cacheRoot,
    configure: opts.configure,
    seed: () => plainObjects(pristine, patched.tree, arch, opts),
  });
  const passthrough = await cachedPassthrough(build, patched, opts);
  return {
    build,
    passthrough,
    passthroughTable: passthroughTableFile(passthrough),
    predicted: patched.predicted,
    naming,
    source: patched.source,
    prediction: profiled ? 'scan' : 'rewrite',
  };
}

/**
 * The objects of a cached plain build of the same release and arch that the patched build would
 * compile to the same bytes (src/build/reuse.ts); none when there is no such build with objects.
 */
async function plainObjects(pristine: MuslTree, patched: MuslTree, arch: SupportedArch, opts: BuildOptions): Promise<ObjectSeed | undefined> {
  const tc = await findToolchain(arch);
  const builds = cacheSubdir(opts.cacheRoot ?? cacheDir(), 'builds');
  // The plain build of the same profile: its configure options and kernel patches, so its objects are comparable.
  const plain = await withKernelPatches(pristine, PRISTINE, opts);
  const plainDir = path.join(builds, buildKey(plainRequest(plain, arch, opts), tc));
  const objDir = path.join(plainDir, 'obj');
  if (!existsSync(objDir) || !intactCacheEntry(plainDir)) return undefined;
  const objects = reusableObjects(objDir, plain.tree.root, patched.root, arch);
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
