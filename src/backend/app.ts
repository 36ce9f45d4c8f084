// Application coverage (`coverage --app`): which backend functions *this program* needs, what the
// backend has for each, and which of the program's calls lead there. Per arch of the program's
// files (read from their ELF headers): the verified patched libc of that version is built (cached)
// and the program's objects and archives are linked against it with the backend left out; the
// backend functions the link cannot resolve are the needs, and coverage reports them as it reports
// the whole libc. A linked executable already holds its backend: its symbol table says which
// backend functions it contains (no chains; pass the objects for them).
import { readFile } from 'node:fs/promises';
import { UserError } from '../util/errors.js';
import { SUPPORTED_ARCHES, type SupportedArch } from '../arch/index.js';
import { describeConfigure, isDefaultConfigure, type MuslConfigure } from '../musl/index.js';
import type { MuslTree } from '../model/index.js';
import { isBackendFunction } from '../model/naming.js';
import type { AppArch, AppNeed } from '../model/app.js';
import {
  executableSymbols,
  findToolchain,
  identifyProgramInput,
  linkProgram,
  programNeeds,
  verifiedPatchedMusl,
  type ProgramInput,
} from '../build/index.js';
import type { NeededSymbol } from '../scan/index.js';
import { compareText } from '../util/text.js';
import { isBackendSymbolName, type BackendConfig } from './config.js';
import type { BackendPath } from './files.js';
import { runCoverage, type CoverageRun } from './run.js';
import { scanSites } from './sites.js';

/** How "reached from" names the C start-up (crt1.o → __libc_start_main). */
export const START_UP = '(start-up)';

export interface AppCoverageInput {
  tree: MuslTree;
  /** The program: objects, static archives, or one linked executable per arch. */
  files: string[];
  /** The arches asked for (`--arch`, the profile); null: whatever the files are for. */
  arches: string[] | null;
  backendPaths: BackendPath[];
  config: BackendConfig;
  cacheRoot?: string;
  relativeTo?: string;
  /** How the kernel builds musl (the profile's malloc, debug, CFLAGS) and its own patches: the program links against that libc. */
  configure?: MuslConfigure;
  patches?: string[];
}

export async function runAppCoverage(input: AppCoverageInput): Promise<CoverageRun> {
  const groups = await programByArch(input.files, input.arches);
  const programs: ArchProgram[] = [];
  for (const [arch, inputs] of groups) programs.push(await archProgram(input, arch, inputs));
  const arches = programs.map((p) => p.app.arch);
  const sites = await scanSites(input.tree, arches, input.config.naming, input.configure?.malloc);
  const byArch = new Map(programs.map((p) => [p.app.arch, p]));
  const run = await runCoverage({
    version: input.tree.version,
    arches,
    sites,
    backendPaths: input.backendPaths,
    config: input.config,
    tree: input.tree,
    relativeTo: input.relativeTo,
    select: (arch, all) => programSelection(byArch.get(arch)!, all),
  });
  // "Reached from" speaks of the program: the libc functions it calls that lead to the symbol.
  const arched = run.report.arches.map((a) => {
    const needs = new Map(byArch.get(a.arch)!.app.needs.map((n) => [n.symbol, n]));
    return { ...a, entries: a.entries.map((e) => ({ ...e, reachedFrom: programCallNames(needs.get(e.symbol)) })) };
  });
  return { ...run, report: { ...run.report, arches: arched, app: { arches: programs.map((p) => p.app) } } };
}

/** The libc functions the program calls that lead to a need (sorted), and the start-up when it needs it too. */
function programCallNames(need: AppNeed | undefined): string[] {
  if (!need) return [];
  const names = [...new Set(need.calls.map((c) => c.symbol))].sort(compareText);
  return need.startup ? [...names, START_UP] : names;
}

interface ArchProgram {
  app: AppArch;
  /** The libc.a members the link took, by object name (`printf`); null for an executable. */
  objects: Set<string> | null;
}

/** One arch: the verified patched libc, then the link (or the executable's symbol table). */
async function archProgram(input: AppCoverageInput, arch: SupportedArch, inputs: ProgramInput[]): Promise<ArchProgram> {
  const naming = input.config.naming;
  const { patched, verification } = await verifiedPatchedMusl(input.tree, arch, { naming, cacheRoot: input.cacheRoot, configure: input.configure, patches: input.patches });
  if (!verification.ok) {
    throw new UserError(`the patched musl ${input.tree.version} for ${arch} fails its verification`, `run \`musl-patch verify ${input.tree.version} --arch ${arch}\` to see why`);
  }
  // The naming contract's functions, and the backend's extra symbols (`--extra-symbol`).
  const isBackend = (s: string) => isBackendFunction(s, naming) || isBackendSymbolName(s, input.config);
  const tc = await findToolchain(arch);
  const built = input.configure && !isDefaultConfigure(input.configure) ? `, ${describeConfigure(input.configure)}` : '';
  const kernelPatches = input.patches?.length ? `, ${input.patches.length} kernel patch(es)` : '';
  const base = { arch, libc: `musl ${input.tree.version} patched (${patched.source})${built}${kernelPatches}`, inputs: inputs.map((i) => ({ file: i.file, kind: i.kind })) };
  if (inputs[0].kind === 'executable') {
    const contained = [...(await executableSymbols(tc, inputs[0].file))].filter(isBackend).sort(compareText);
    const needs: AppNeed[] = contained.map((symbol) => ({ symbol, references: [], calls: [], startup: null }));
    return { app: { ...base, method: 'symbol-table', libcMembers: 0, needs, undefined: [] }, objects: null };
  }
  const link = await linkProgram({ toolchain: tc, libc: patched.build, inputs, cacheRoot: input.cacheRoot });
  const found = programNeeds(link, isBackend);
  const objects = new Set(link.nodes.filter((n) => n.role === 'library' && n.label.startsWith('libc.a(')).map((n) => objectName(n.label.slice('libc.a('.length, -1))));
  return { app: { ...base, method: 'link', libcMembers: found.libcMembers, needs: found.needs, undefined: found.undefined }, objects };
}

/**
 * What the program needs, as coverage's needed set: each need with the libc call sites in the
 * members its link took (so the ABI check speaks of the program's libc), all of them when none
 * matches (the symbol table of an executable says nothing about members).
 */
function programSelection(program: ArchProgram, all: Map<string, NeededSymbol>): Map<string, NeededSymbol> {
  const out = new Map<string, NeededSymbol>();
  for (const need of program.app.needs) {
    const entry = all.get(need.symbol);
    if (!entry) {
      out.set(need.symbol, { arity: null, sites: [] });
      continue;
    }
    // A site in a header (an inline function) is in whichever member includes it: it stays.
    const linked = program.objects ? entry.sites.filter((s) => s.file.endsWith('.h') || program.objects!.has(objectName(s.file))) : [];
    out.set(need.symbol, { arity: entry.arity, sites: linked.length > 0 ? linked : entry.sites });
  }
  return out;
}

/** `src/stdio/printf.c` and `printf.lo` both name the object `printf`. */
function objectName(file: string): string {
  return file.split('/').pop()!.replace(/\.[^.]*$/, '');
}

/** The program's files by the arch their ELF headers name, in the supported arches' order; a mismatch with `arches` is refused. */
async function programByArch(files: string[], arches: string[] | null): Promise<Map<SupportedArch, ProgramInput[]>> {
  if (files.length === 0) throw new UserError('--app names no file', 'pass the program: --app main.o [more.o lib.a …] or its linked executable');
  const inputs: ProgramInput[] = [];
  for (const file of files) {
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`cannot read ${file} (${err.code ?? err.message})`, 'pass the compiled program: .o files, .a archives or its linked executable');
    });
    inputs.push(identifyProgramInput(file, bytes));
  }
  for (const i of inputs) {
    if (arches && !arches.includes(i.arch)) {
      throw new UserError(`${i.file} is an ${i.arch} ${i.kind}, and --arch asks for ${arches.join(', ')}`, `pass files compiled for ${arches.join(', ')}, or --arch ${i.arch}`);
    }
  }
  const groups = new Map<SupportedArch, ProgramInput[]>();
  for (const arch of SUPPORTED_ARCHES) {
    const mine = inputs.filter((i) => i.arch === arch);
    if (mine.length === 0) {
      if (arches?.includes(arch)) throw new UserError(`--arch asks for ${arch}, and none of the files is for ${arch}`, `pass the program compiled for ${arch}, or leave ${arch} out of --arch`);
      continue;
    }
    const exe = mine.find((i) => i.kind === 'executable');
    if (exe && mine.length > 1) {
      throw new UserError(`${exe.file} is a linked executable, and other ${arch} files are given with it`, 'pass either the program\'s objects and archives, or its one executable');
    }
    groups.set(arch, mine);
  }
  return groups;
}
