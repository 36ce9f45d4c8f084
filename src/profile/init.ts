// `musl-patch init`: the kernel profile read from a kernel's repository — its musl derivation
// (IncludeOS: deps/musl/default.nix) and where its backend definitions are (src/musl, src/kernel,
// src/arch/<arch>/). Whatever it cannot read or deliberately leaves out is said in a note; nothing is
// guessed.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { archesOfDirectoryName } from '../backend/index.js';
import { SUPPORTED_ARCHES, type SupportedArch } from '../arch/index.js';
import { DEFAULT_MALLOC } from '../musl/index.js';
import { parseExpressionFile, readIncludeosBuildAttrs, readSourceAndPatches, readStringAttr } from '../nix/index.js';
import { PACKAGE_SERIES_ROOT, seriesNames } from '../rewrite/index.js';
import { isVersion, RELEASE_COMMITS } from '../source/index.js';
import type { ProfileInput } from './schema.js';

/** Where a kernel keeps IncludeOS-style backend definitions, relative to its root. */
const COMMON_BACKEND_DIRS = ['src/musl', 'src/kernel'];
const ARCH_BACKEND_ROOT = 'src/arch';
const SOURCE_FILE = /\.(c|cc|cpp|cxx|h|hh|hpp)$/i;

export interface InitResult {
  profile: ProfileInput;
  /** One line per thing read, for the user to check. */
  read: string[];
  /** One line per thing not read, or read and left out, with why. */
  notes: string[];
}

export interface InitOptions {
  /** The kernel's repository root (where musl-patch.json goes). */
  root: string;
  /** The musl derivation, absolute; null: none (then `version` must be given). */
  derivation: string | null;
  /** A version given on the command line: overrides the derivation's. */
  version?: string;
}

export function profileFromRepository(opts: InitOptions): InitResult {
  const read: string[] = [];
  const notes: string[] = [];
  const rel = (file: string) => path.relative(opts.root, file).split(path.sep).join('/');
  const musl: ProfileInput['musl'] = { version: opts.version ?? '' };
  let derivation: string | undefined;
  if (opts.derivation) {
    derivation = rel(opts.derivation);
    const fromDerivation = readDerivation(opts.derivation, rel, read, notes, opts.version);
    Object.assign(musl, fromDerivation, opts.version ? { version: opts.version } : {});
  }
  if (!musl.version) notes.push('no musl version found: pass it as `musl-patch init --version X.Y.Z`');
  const { backend, arches } = backendLayout(opts.root, read, notes);
  const profile: ProfileInput = { musl, arches, ...(backend ? { backend } : {}), ...(derivation ? { derivation } : {}) };
  return { profile, read, notes };
}

interface DerivationRead {
  version?: string;
  malloc?: string;
  debug?: boolean;
  cflags?: string[];
  patches?: string[];
}

function readDerivation(file: string, rel: (f: string) => string, read: string[], notes: string[], given?: string): DerivationRead {
  const parsed = parseExpressionFile(file);
  const out: DerivationRead = {};
  const attrNotes: string[] = [];
  const version = readStringAttr(parsed, 'version', attrNotes);
  const { src, patches } = readSourceAndPatches(parsed, attrNotes);
  notes.push(...attrNotes);
  const fromRev = src.rev ? RELEASE_COMMITS[src.rev] ?? /^(?:refs\/tags\/)?v(\d+\.\d+\.\d+)$/.exec(src.rev)?.[1] ?? null : null;
  if (src.rev && fromRev) read.push(`source: ${src.fetcher} rev ${src.rev} is musl's v${fromRev} release`);
  else if (src.rev) notes.push(`source: rev ${src.rev} is not a musl release commit musl-patch knows; the version is taken from \`version\``);
  if (fromRev && version && fromRev !== version) notes.push(`version = "${version}" but rev ${src.rev} is ${fromRev}: using ${fromRev}, the source it builds`);
  out.version = fromRev ?? (version && isVersion(version) ? version : undefined);
  if (out.version) read.push(`musl ${out.version}${given && given !== out.version ? ` (--version ${given} given instead)` : ''}`);

  const attrs = readIncludeosBuildAttrs(parsed, notes);
  const words = [...(attrs.configurePhase ? configureWords(attrs.configurePhase) : []), ...(attrs.configureFlags ?? [])];
  if (attrs.configurePhase && words.length === 0) notes.push('configurePhase runs no ./configure musl-patch can read: configure options are musl\'s defaults');
  const cflags: string[] = [];
  for (const w of words) {
    const m = /^--with-malloc=(.+)$/.exec(w);
    if (m) out.malloc = m[1];
    else if (w === '--enable-debug') out.debug = true;
    else if (/^CFLAGS=/.test(w)) cflags.push(...w.slice('CFLAGS='.length).split(/\s+/).filter(Boolean));
    else if (w === '--disable-shared' || /^--prefix=/.test(w)) continue; // what musl-patch does too
    else if (/^(CROSS_COMPILE|CC|--target|--host)=/.test(w) || w === '--target' || w === '--host') notes.push(`configure ${w}: not carried over, musl-patch picks the (cross) compiler per arch`);
    else notes.push(`configure ${w}: not read (musl-patch passes only --with-malloc, --enable-debug and CFLAGS)`);
  }
  if (words.length > 0 && !words.includes('--disable-shared')) notes.push('configure without --disable-shared: musl-patch builds and proves the static libc only');
  if (attrs.cflags) cflags.push(...attrs.cflags.split(/\s+/).filter(Boolean));
  if (cflags.length > 0) out.cflags = cflags;
  read.push(`configure: ${[out.malloc ? `--with-malloc=${out.malloc}` : `malloc ${DEFAULT_MALLOC} (default)`, ...(out.debug ? ['--enable-debug'] : []), ...(cflags.length ? [`CFLAGS="${cflags.join(' ')}"`] : [])].join(' ')}`);

  const seriesFiles = out.version ? filesTouchedBySeries(out.version) : new Map<string, string>();
  const kept: string[] = [];
  for (const p of patches) {
    if (p.kind !== 'path' || !p.file) {
      notes.push(`patch ${p.label}: not a local file, not carried over (add it to musl.patches by hand)`);
      continue;
    }
    if (!existsSync(p.file)) {
      notes.push(`patch ${rel(p.file)} is listed but does not exist`);
      continue;
    }
    const files = patchedFiles(readFileSync(p.file, 'utf8'));
    const overlap = files.filter((f) => seriesFiles.has(f));
    if (overlap.length > 0) {
      const own = files.filter((f) => !seriesFiles.has(f));
      const by = [...new Set(overlap.map((f) => seriesFiles.get(f)))].join(', ');
      notes.push(
        `patch ${rel(p.file)} left out: its changes to ${overlap.join(', ')} are what musl-patch's series does (${by})` +
          (own.length > 0 ? `; its changes to ${own.join(', ')} are the kernel's own: move them into a patch of their own and add it to musl.patches` : ''),
      );
      continue;
    }
    kept.push(rel(p.file));
  }
  if (kept.length > 0) out.patches = kept;
  read.push(`kernel patches: ${kept.join(', ') || 'none'}`);

  if (attrs.postUnpack) {
    const layer = /syscall\.h|syscall_arch\.h|syscalls\.h/.test(attrs.postUnpack);
    const other = attrs.postUnpack
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^echo\b/.test(l) && !/syscall\.h|syscall_arch\.h|syscalls\.h/.test(l));
    if (layer) notes.push("postUnpack swaps musl's syscall headers for a hand-made layer: musl-patch's series replaces that, so it is not carried over");
    if (other.length > 0) notes.push(`postUnpack lines not carried over: ${other.join('; ')}`);
  }
  return out;
}

/** The words of the first `./configure` command of a phase, shell-split, interpolations kept as text. */
function configureWords(phase: string): string[] {
  const line = phase
    .replace(/\\\n/g, ' ')
    .split('\n')
    .find((l) => /(^|[\s;&|])(\.\/|\$\{?\w*\}?\/)?configure(\s|$)/.test(l) && !/^\s*(echo|#)/.test(l));
  if (!line) return [];
  const after = line.slice(line.search(/configure(\s|$)/) + 'configure'.length);
  const words: string[] = [];
  for (const m of after.matchAll(/"((?:\\.|[^"])*)"|'([^']*)'|((?:\$\{[^}]*\}|[^\s;&|])+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
  return words.map((w) => w.replace(/^(\w+)="(.*)"$/, '$1=$2'));
}

/** `+++ b/path` lines of a unified diff: the files it changes. */
function patchedFiles(text: string): string[] {
  return [...new Set([...text.matchAll(/^\+\+\+ (?:b\/)?(\S+)/gm)].map((m) => m[1]).filter((f) => f !== '/dev/null'))];
}

/** File → the series patch of `version` that changes it. */
function filesTouchedBySeries(version: string): Map<string, string> {
  const dir = path.join(PACKAGE_SERIES_ROOT, version);
  const out = new Map<string, string>();
  for (const name of seriesNames(dir)) for (const f of patchedFiles(readFileSync(path.join(dir, name), 'utf8'))) out.set(f, name);
  return out;
}

function hasSources(dir: string): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((f) => SOURCE_FILE.test(f));
}

/** src/musl and src/kernel for every arch, src/arch/<name>/ for the arches the name stands for. */
function backendLayout(root: string, read: string[], notes: string[]): { backend: ProfileInput['backend']; arches: SupportedArch[] } {
  const common = COMMON_BACKEND_DIRS.filter((d) => hasSources(path.join(root, d)));
  const arch: Partial<Record<SupportedArch, string[]>> = {};
  const archRoot = path.join(root, ARCH_BACKEND_ROOT);
  const supported = new Set<string>(SUPPORTED_ARCHES);
  if (existsSync(archRoot)) {
    for (const name of readdirSync(archRoot).sort()) {
      const dir = `${ARCH_BACKEND_ROOT}/${name}`;
      if (!hasSources(path.join(root, dir))) continue;
      const arches = (archesOfDirectoryName(name) ?? []).filter((a): a is SupportedArch => supported.has(a));
      if (arches.length === 0) {
        notes.push(`${dir}: not an arch musl-patch builds (${SUPPORTED_ARCHES.join(', ')}), not read`);
        continue;
      }
      for (const a of arches) arch[a] = [...(arch[a] ?? []), dir];
    }
  }
  const archDirs = Object.keys(arch) as SupportedArch[];
  // The arches a kernel has arch code for are the ones it builds; with none, all musl-patch supports.
  const arches = archDirs.length > 0 ? SUPPORTED_ARCHES.filter((a) => archDirs.includes(a)) : [...SUPPORTED_ARCHES];
  if (common.length + archDirs.length === 0) {
    notes.push(`no backend sources found under ${[...COMMON_BACKEND_DIRS, `${ARCH_BACKEND_ROOT}/<arch>`].join(', ')}: add backend.common / backend.arch by hand`);
    read.push(`arches: ${arches.join(', ')}`);
    return { backend: undefined, arches };
  }
  read.push(`backend: ${[...(common.length ? [`${common.join(', ')} (every arch)`] : []), ...archDirs.map((a) => `${arch[a]!.join(', ')} (${a})`)].join('; ')}`);
  read.push(`arches: ${arches.join(', ')}${archDirs.length > 0 ? ` (those with ${ARCH_BACKEND_ROOT}/ code)` : ''}`);
  const ordered = Object.fromEntries(SUPPORTED_ARCHES.filter((a) => arch[a]).map((a) => [a, arch[a]!]));
  return { backend: { common, arch: ordered }, arches };
}
