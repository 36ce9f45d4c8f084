// The build stage: plain and patched musl per version × arch, cached, plus verification.
//
//   buildPlainMusl(tree, arch)    → installed plain musl
//   buildPatchedMusl(tree, arch)  → rewrite (cached), installed patched musl, the compiled
//                                   passthrough backend and the predicted backend symbol set
//   verifyPatchedMusl(patched)    → objdump trap gate, nm -u vs prediction, duplicate definitions

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MuslTree, SupportedArch } from '../model.js';
import { cacheDir, cacheSubdir } from '../source/cache.js';
import { applyRewrite, type RewriteResult } from '../rewrite/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../rewrite/naming.js';
import { predictedFunctions } from '../rewrite/predict.js';
import { buildMusl, type MuslBuild } from './build.js';
import { PASSTHROUGH_DIR, buildPassthrough, passthroughTableFile } from './passthrough.js';
import { findToolchain } from './toolchain.js';
import { verifyLibc, type LibcVerification } from './verify.js';

export { buildMusl, type MuslBuild, type BuildRequest } from './build.js';
export { verifyLibc, findTraps, type LibcVerification, type TrapSite } from './verify.js';
export { findToolchain, type Toolchain } from './toolchain.js';

export interface BuildOptions {
  jobs?: number;
  cacheRoot?: string;
  naming?: BackendNaming;
}

export function buildPlainMusl(tree: MuslTree, arch: string, opts: BuildOptions = {}): Promise<MuslBuild> {
  return buildMusl({ tree, arch, variant: 'plain', jobs: opts.jobs, cacheRoot: opts.cacheRoot });
}

export interface PatchedMusl {
  build: MuslBuild;
  /** The compiled passthrough backend for this build (link it after the program). */
  passthrough: string;
  /** The generated function table it was compiled with (equals kernel-backend/passthrough/<version>/<arch>.h for the shipped series). */
  passthroughTable: string;
  /** Backend functions the libc must reference: probe keys + assembly-contract functions + syscall_n. */
  predicted: string[];
  rewrite: RewriteResult;
  naming: BackendNaming;
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
  if (!existsSync(meta)) {
    const work = `${dir}.tmp-${process.pid}`;
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    try {
      const result = await applyRewrite(tree, path.join(work, 'tree'), { arches, naming, jobs: opts.jobs });
      result.root = path.join(dir, 'tree');
      await writeFile(path.join(work, 'rewrite.json'), JSON.stringify(result, null, 1) + '\n');
      await rm(dir, { recursive: true, force: true });
      await rename(work, dir);
    } catch (e) {
      await rm(work, { recursive: true, force: true });
      throw e;
    }
  }
  const rewrite = JSON.parse(await readFile(meta, 'utf8')) as RewriteResult;
  return { tree: { root: rewrite.root, version: tree.version }, rewrite, key };
}

/** Rewrite (cached), build and install patched musl for one arch, with its passthrough backend. */
export async function buildPatchedMusl(pristine: MuslTree, arch: SupportedArch, opts: BuildOptions = {}): Promise<PatchedMusl> {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const patched = await patchedTree(pristine, [arch], opts);
  const build = await buildMusl({
    tree: patched.tree,
    arch,
    variant: 'patched',
    sourceKey: patched.key,
    jobs: opts.jobs,
    cacheRoot: opts.cacheRoot,
  });
  const probe = patched.rewrite.probes[arch];
  const source = readFileSync(path.join(PASSTHROUGH_DIR, 'passthrough.c'));
  const ptKey = createHash('sha256').update(source).update(JSON.stringify(probe.functions)).update(JSON.stringify(naming)).digest('hex').slice(0, 12);
  const passthrough = path.join(path.dirname(build.prefix), `passthrough-${ptKey}.o`);
  if (!existsSync(passthrough)) await buildPassthrough(await findToolchain(arch), pristine.version, probe.functions, passthrough, naming);
  return { build, passthrough, passthroughTable: passthroughTableFile(passthrough), predicted: predictedFunctions(patched.rewrite, arch), rewrite: patched.rewrite, naming };
}

/** The trap gate, the needed-set check and the duplicate check on a patched build. */
export async function verifyPatchedMusl(patched: PatchedMusl): Promise<LibcVerification> {
  const tc = await findToolchain(patched.build.arch);
  return verifyLibc(tc, patched.build, patched.predicted, patched.naming);
}
