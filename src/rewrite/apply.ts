// applyRewrite: pristine musl tree → patched tree in which every system call is a plain C call
// into the backend. The rewrite is a list of visible file changes (see each module): the
// generic macro layer, per-arch headers, the cancellation chain, run-time-number sites and the
// assembly sites; then a probe per arch generates the arity header from the patched sources.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type MuslTree } from '../model/index.js';
import { type AsmSite, asmSiteFunctions, asmSites, findToolchain, firstTrap, SUPPORTED_ARCHES, type SupportedArch } from '../arch/index.js';
import type { FileChange, RewriteOptions, RewriteResult } from './types.js';
import { UserError } from '../util/errors.js';
import { refuseCrlf } from '../util/source-text.js';
import { archSyscallHeaderPath, rewriteArchSyscallHeader } from './arch-header.js';
import { GENERIC_HEADER_PATH, archHeaderPath, renderArchHeader, renderGenericHeader } from './backend-header.js';
import { PTHREAD_CANCEL_C, SYSCALL_CP_C, rewritePthreadCancel, rewriteSyscallCp } from './cancel.js';
import { rewriteDynamicSites, type DynamicSite } from './dynamic.js';
import { DEFAULT_NAMING, checkNaming, type BackendNaming } from '../model/naming.js';
import type { ProbeResult } from './probe.js';
import { cachedProbe } from './probe-cache.js';
import { SYSCALL_HEADER_PATH, rewriteSyscallHeader } from './syscall-header.js';
import { RewriteMismatch } from './text.js';
import { buildSeries, writeSeries, type SeriesPatch } from './series.js';
import { seriesMismatches } from './committed.js';
import { unreferencedKeys } from './unreferenced.js';
import { resolveMuslTree } from '../source/index.js';
import { muslArches } from '../musl/index.js';

/** A planned change: new text, or null to delete. */
type Plan = Map<string, { text: string | null; why: string }>;

export async function applyRewrite(tree: MuslTree, outDir: string, opts: RewriteOptions = {}): Promise<RewriteResult> {
  const arches = [...(opts.arches ?? SUPPORTED_ARCHES)];
  const naming = opts.naming ?? DEFAULT_NAMING;
  const namingProblem = checkNaming(naming);
  if (namingProblem) throw new UserError(`invalid backend naming: ${namingProblem}`, 'use C identifiers for the prefixes and names');
  const toolchain = opts.toolchain ?? findToolchain;
  const toolchains = await Promise.all(arches.map((a) => toolchain(a)));

  const plan = await planChanges(tree.root, arches, naming).catch((e: unknown) => {
    throw e instanceof RewriteMismatch ? mismatchError(tree, e) : e;
  });
  const work = `${outDir}.tmp-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(path.dirname(outDir), { recursive: true });
  await cp(tree.root, work, { recursive: true, filter: (src) => !isBuildOutput(tree.root, src) });
  try {
    for (const [rel, { text }] of plan.changes) {
      const file = path.join(work, rel);
      if (text === null) {
        await rm(file);
        await removeEmptyParents(path.dirname(file), work); // as `patch` does when it deletes the last file
      } else {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      }
    }
    const probes: Record<string, ProbeResult> = {};
    const changes = [...plan.list];
    for (const tc of toolchains) {
      const probe = await cachedProbe(work, tc, opts.jobs ?? 2, { cacheRoot: opts.cacheRoot });
      probes[tc.arch] = probe;
      const header = renderArchHeader(tree.version, tc.arch, probe.functions, naming);
      await writeFile(path.join(work, archHeaderPath(tc.arch)), header);
      changes.push({ path: archHeaderPath(tc.arch), change: 'added', why: `arity header: ${probe.functions.length} backend functions on ${tc.arch}` });
    }
    const unreferenced = await unreferencedKeys(tree, probes);
    await rm(outDir, { recursive: true, force: true });
    await rename(work, outDir);
    return {
      version: tree.version,
      root: outDir,
      arches,
      naming,
      changes: changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      dynamicSites: plan.dynamicSites,
      probes,
      unreferenced,
      asmFunctions: Object.fromEntries(arches.map((a) => [a, asmSiteFunctions(a, naming, plan.asmApplied)])),
    };
  } catch (e) {
    await rm(work, { recursive: true, force: true });
    if (e instanceof RewriteMismatch) throw mismatchError(tree, e);
    throw e;
  }
}

/** Every change except the generated arity headers, which need the probe of the changed tree. */
async function planChanges(root: string, arches: SupportedArch[], naming: BackendNaming) {
  const changes: Plan = new Map();
  const read = async (rel: string) => {
    const planned = changes.get(rel);
    if (planned) {
      if (planned.text === null) throw new Error(`${rel} read after deletion`);
      return planned.text;
    }
    return refuseCrlf(rel, await readFile(path.join(root, rel), 'utf8'));
  };
  const set = (rel: string, text: string | null, why: string) => changes.set(rel, { text, why });
  const asmApplied: AsmSite[] = [];
  set(SYSCALL_HEADER_PATH, rewriteSyscallHeader(await read(SYSCALL_HEADER_PATH)), 'syscall macro family → syscall_backend.h');
  set(GENERIC_HEADER_PATH, renderGenericHeader(naming), 'macro layer: SYS_ token as written → backend function');
  set(SYSCALL_CP_C, rewriteSyscallCp(await read(SYSCALL_CP_C)), 'cancellation chain carries the backend function');
  set(PTHREAD_CANCEL_C, rewritePthreadCancel(await read(PTHREAD_CANCEL_C), naming), 'cancellation chain carries the backend function');
  for (const arch of arches) {
    const header = archSyscallHeaderPath(arch);
    set(header, rewriteArchSyscallHeader(arch, await read(header)), 'trap functions and vDSO removed; other definitions kept');
    for (const site of asmSites(arch)) {
      if (!(await exists(path.join(root, site.file)))) continue; // not in this version (aarch64 vfork.s before 1.2.4)
      asmApplied.push(site);
      const a = site.action;
      if (a.kind === 'rewrite') set(site.file, a.content(naming), 'trap → backend call');
      else if (a.kind === 'generic') set(site.file, null, "trap removed; musl's generic C version takes over");
      else {
        set(site.file, null, 'rewritten in C');
        set(a.path, a.content, 'trap → backend call (was assembly)');
      }
    }
  }
  const dynamicSites: DynamicSite[] = [];
  for (const rel of await cSources(root, arches)) {
    const text = await read(rel);
    const rewritten = rewriteDynamicSites(rel, text, naming);
    if (rewritten.sites.length === 0) continue;
    dynamicSites.push(...rewritten.sites);
    set(rel, rewritten.text, `run-time syscall number → ${naming.dynamic}`);
  }
  for (const arch of arches) await checkNoAsmTraps(root, arch, changes);
  const list: FileChange[] = [];
  for (const [p, c] of changes) {
    const change = c.text === null ? 'deleted' : (await exists(path.join(root, p))) ? 'modified' : 'added';
    list.push({ path: p, change, why: c.why });
  }
  return { changes, list, dynamicSites, asmApplied };
}

function mismatchError(tree: MuslTree, e: RewriteMismatch): UserError {
  return new UserError(`musl ${tree.version} does not match the rewrite: ${e.message}`, 'use musl 1.2.3, 1.2.5 or 1.2.6, or report this version');
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function removeEmptyParents(dir: string, top: string): Promise<void> {
  while (dir !== top && dir.startsWith(top) && (await readdir(dir)).length === 0) {
    await rm(dir, { recursive: true });
    dir = path.dirname(dir);
  }
}

/** Build outputs of an in-place musl build must not travel into the patched tree. */
export function isBuildOutput(root: string, src: string): boolean {
  const rel = path.relative(root, src);
  return rel === 'obj' || rel === 'lib' || rel === 'config.mak' || rel.startsWith('obj/') || rel.startsWith('lib/');
}

/** C sources and headers under src/ that a supported arch can compile (other arches' directories excluded). */
async function cSources(root: string, arches: readonly string[]): Promise<string[]> {
  const foreign = new Set(muslArches({ root, version: '' }).filter((a) => !arches.includes(a)));
  const entries = await readdir(path.join(root, 'src'), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(c|h)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((rel) => !rel.split('/').some((part) => foreign.has(part)))
    .sort();
}

/** No assembly file the arch compiles may still trap: catches trap sites this rewrite does not know. */
async function checkNoAsmTraps(root: string, arch: string, changes: Plan): Promise<void> {
  const dirs: string[] = [];
  for (const top of ['src', 'crt']) {
    const entries = await readdir(path.join(root, top), { recursive: true, withFileTypes: true });
    for (const e of entries) if (e.isFile() && /\.(s|S)$/.test(e.name) && e.parentPath.split(path.sep).includes(arch)) dirs.push(path.relative(root, path.join(e.parentPath, e.name)));
  }
  for (const rel of dirs) {
    const planned = changes.get(rel);
    if (planned && planned.text === null) continue;
    const text = planned ? planned.text! : await readFile(path.join(root, rel), 'utf8');
    const trap = firstTrap(arch, text);
    if (trap) throw new RewriteMismatch(rel, `assembly trap the rewrite does not handle (${arch}: ${trap})`);
  }
}

export interface SeriesOptions extends RewriteOptions {
  /** Where the series goes (default: musl-patches/<version> under the current directory). */
  outDir?: string;
}

/**
 * Files of the committed series that a fresh regeneration would write differently (or not at
 * all), and that regeneration; when none differs, the committed series must also turn the
 * pristine tree into exactly the rewritten one when applied with patch(1).
 */
export async function staleSeries(tree: MuslTree, committed: string, options: RewriteOptions = {}): Promise<{ stale: string[]; rewrite: RewriteResult }> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'musl-patch-check-'));
  try {
    const fresh = path.join(scratch, tree.version);
    const rewrite = await applyRewrite(tree, path.join(scratch, 'patched'), options);
    await writeSeries(fresh, tree.version, await buildSeries(tree.root, rewrite));
    const list = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
    const names = new Set([...list(fresh), ...list(committed)]);
    const read = (d: string, n: string) => (existsSync(path.join(d, n)) ? readFileSync(path.join(d, n)) : null);
    const stale = [...names].filter((n) => {
      const a = read(fresh, n);
      const b = read(committed, n);
      return !a || !b || !a.equals(b);
    });
    if (stale.length === 0) {
      const differ = seriesMismatches(tree.root, committed, rewrite.root, (src) => isBuildOutput(tree.root, src));
      if (differ.length > 0) stale.push(`series applied with patch(1) differs from the rewritten tree in ${differ.join(', ')}`);
    }
    return { stale, rewrite };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Rewrite a pristine tree (or a version, fetched and verified like `fetch` does) and write its
 * patch series, `musl-patches/<version>/`. Returns the series directory and the rewrite (whose
 * patched tree was temporary and is gone).
 */
export async function regenerateSeries(
  treeOrVersion: MuslTree | string,
  opts: SeriesOptions = {},
): Promise<{ dir: string; patches: SeriesPatch[]; rewrite: RewriteResult }> {
  const tree = typeof treeOrVersion === 'string' ? await resolveMuslTree(treeOrVersion) : treeOrVersion;
  const dir = opts.outDir ?? path.join(process.cwd(), 'musl-patches', tree.version);
  const scratch = await mkdtemp(path.join(tmpdir(), `musl-patch-series-${tree.version}-`));
  try {
    const rewrite = await applyRewrite(tree, path.join(scratch, 'patched'), opts);
    const patches = await buildSeries(tree.root, rewrite);
    await writeSeries(dir, tree.version, patches);
    return { dir, patches, rewrite };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
