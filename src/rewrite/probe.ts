// The probe: which backend functions a patched tree calls on one arch, and with how many
// arguments. It preprocesses, with musl's own Makefile and configure flags, every C source of
// libc.a and crt for that arch while the per-arch arity header is still empty; each backend call
// then stays visible as `__bk_<key>(how, args..., 0, 0, 0, 0, 0, 0)` with its arguments fully
// expanded (so i386's __SYSCALL_LL_E splitting is counted) and only the sites the arch's
// preprocessor conditions select. Numbers come from preprocessing `SYS_x` with musl's aliases.

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../util/exec.js';
import type { Toolchain } from '../arch/index.js';
import { evaluateIf, type ConditionEnv } from '../c/index.js';
import { ARCH_HEADER_NAME } from './backend-header.js';
import { isBackendKey, sysTokenOfKey } from '../model/naming.js';
import { RewriteMismatch, splitArgs } from './text.js';

export interface ProbedSite {
  /** Relative to the tree root; a header when the site is in a static inline function. */
  file: string;
  line: number;
  key: string;
  argCount: number;
  cancellable: boolean;
}

export interface ProbedFunction {
  key: string;
  /** Most arguments over its sites. */
  arity: number;
  sites: number;
  cancellable: boolean;
  /** The kernel number `SYS_x` (or the socket call's `SYS_op`) means on this arch; null if undefined. */
  number: number | null;
  /** The `SYS_*` name the kernel table gives that number, after musl's aliases (`SYS_newfstatat`). */
  kernelName: string | null;
}

export interface ProbeResult {
  arch: string;
  sites: ProbedSite[];
  functions: ProbedFunction[];
}

// The C sources of libc.a and crt come from musl's Makefile; only those that include
// src/internal/syscall.h (directly or through other headers) are preprocessed.
const PROBE_MK = `# musl-patch probe: preprocess C sources of libc.a and crt with musl's own flags.
PROBE_SRCS = $(wildcard $(patsubst obj/%.o,$(srcdir)/%.c,$(LIBC_OBJS) $(CRT_OBJS)))
-include probe-selected.mk
PROBE_OUTS = $(patsubst $(srcdir)/%.c,probe/%.i,$(PROBE_SELECTED))
probe/%.i: $(srcdir)/%.c $(GENH) $(IMPH) obj/src/internal/version.h
\t@mkdir -p $(@D)
\t@$(CC) $(CFLAGS_ALL) -E -o $@ $<
musl-patch-probe-srcs:
\t@echo $(PROBE_SRCS)
musl-patch-probe: $(PROBE_OUTS)
probe-resolve%.i: probe-resolve%.c $(GENH) $(IMPH) obj/src/internal/version.h
\t@$(CC) $(CFLAGS_ALL) -E -o $@ $<
`;

/** Probe a patched tree (without its per-arch arity header) for one arch. */
export async function probeTree(srcdir: string, tc: Toolchain, jobs = 2): Promise<ProbeResult> {
  const scratch = await mkdtemp(path.join(tmpdir(), `musl-patch-probe-${tc.arch}-`));
  try {
    await mkdir(path.join(scratch, 'probe-include'));
    await writeFile(path.join(scratch, 'probe-include', ARCH_HEADER_NAME), '/* probe: no arity macros */\n');
    await writeFile(path.join(scratch, 'probe.mk'), PROBE_MK);
    const env = { ...process.env, CC: tc.cc, CROSS_COMPILE: tc.prefix };
    await runCommand('sh', [path.join(srcdir, 'configure'), `--target=${tc.target}`, '--disable-shared'], { cwd: scratch, env });
    const make = (target: string) =>
      runCommand('make', ['-f', 'Makefile', '-f', 'probe.mk', `-j${jobs}`, `CPPFLAGS=-I${path.join(scratch, 'probe-include')}`, target], {
        cwd: scratch,
        env,
      });
    const all = (await make('musl-patch-probe-srcs')).stdout.trim().split(/\s+/).filter(Boolean);
    const selected = includersOf(srcdir, tc.arch, all, path.join(srcdir, 'src/internal/syscall.h'));
    await writeFile(path.join(scratch, 'probe-selected.mk'), `PROBE_SELECTED = ${selected.join(' ')}\n`);
    await make('musl-patch-probe');

    const sites = new Map<string, ProbedSite>();
    for (const file of await listFiles(path.join(scratch, 'probe'), '.i')) {
      for (const site of sitesOfPreprocessed(await readFile(file, 'utf8'), srcdir)) {
        sites.set(`${site.file}:${site.line}:${site.key}:${site.argCount}:${site.cancellable}`, site);
      }
    }
    const sorted = [...sites.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.key.localeCompare(b.key));
    const bad = sorted.filter((s) => !isBackendKey(s.key));
    if (bad.length > 0) {
      const where = bad.map((s) => `${s.file}:${s.line} (${s.key})`).join(', ');
      throw new RewriteMismatch(srcdir, `${tc.arch}: system call sites the rewrite could not name: ${where}`);
    }

    const keys = [...new Set(sorted.map((s) => s.key))].sort();
    const resolve = async (name: string, include: string | null, of: string[]) => {
      const lines = of.map((k) => `musl_patch_key ${k} = ${sysTokenOfKey(k)} ;`);
      await writeFile(path.join(scratch, `${name}.c`), [`#include "${include ?? 'syscall.h'}"`, ...lines, ''].join('\n'));
      await make(`${name}.i`);
      return parseResolved(await readFile(path.join(scratch, `${name}.i`), 'utf8'));
    };
    const numbers = await resolve('probe-resolve-all', null, keys);
    // A token defined only inside its source file (src/env/__init_tls.c: SYS_mmap2 → SYS_mmap
    // where there is no mmap2) resolves after including that file.
    const unresolved = keys.filter((k) => !numbers.has(k));
    for (const [i, key] of unresolved.entries()) {
      const file = sorted.find((s) => s.key === key)!.file;
      const local = await resolve(`probe-resolve-${i}`, path.join(srcdir, file), [key]);
      if (local.has(key)) numbers.set(key, local.get(key)!);
    }
    const names = kernelNames(await readFile(path.join(scratch, 'obj/include/bits/syscall.h'), 'utf8'));

    const functions: ProbedFunction[] = keys.map((key) => {
      const of = sorted.filter((s) => s.key === key);
      const number = numbers.get(key) ?? null;
      return {
        key,
        arity: Math.max(...of.map((s) => s.argCount)),
        sites: of.length,
        cancellable: of.some((s) => s.cancellable),
        number,
        kernelName: number === null ? null : (names.get(number) ?? null),
      };
    });
    return { arch: tc.arch, sites: sorted, functions };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The sources that include `target` directly or through other headers, resolving `#include`
 * the way musl's flags do: the including file's directory first for "...", then the -I list.
 */
export function includersOf(srcdir: string, arch: string, sources: string[], target: string): string[] {
  return sources.filter(includesAnyOf(srcdir, arch, new Set([target])));
}

/**
 * Whether a file includes one of `targets` (absolute paths), directly or through other headers,
 * as musl's build resolves them (generated headers under obj/ aside). Answers are memoized.
 */
export function includesAnyOf(srcdir: string, arch: string, targets: ReadonlySet<string>): (file: string) => boolean {
  const dirs = [`arch/${arch}`, 'arch/generic', 'src/include', 'src/internal', 'include'].map((d) => path.join(srcdir, d));
  const known = new Map<string, boolean>();
  const resolve = (name: string, from: string, quoted: boolean) => {
    for (const dir of quoted ? [path.dirname(from), ...dirs] : dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    return null;
  };
  const reaches = (file: string): boolean => {
    const cached = known.get(file);
    if (cached !== undefined) return cached;
    known.set(file, false); // an include cycle does not reach through itself
    let result = false;
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*#\s*include\s*([<"])([^>"]+)[>"]/gm)) {
      const header = resolve(m[2], file, m[1] === '"');
      if (header && (targets.has(header) || reaches(header))) {
        result = true;
        break;
      }
    }
    known.set(file, result);
    return result;
  };
  return reaches;
}

const MARKER = /__bk_(\w+)\s*\(/g;
const PADDING = 6;

/** Backend calls left in one preprocessed file, located through its `# line "file"` markers. */
export function sitesOfPreprocessed(text: string, srcdir: string): ProbedSite[] {
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  // Source position of every output line.
  const positions: { file: string; line: number }[] = [];
  let file = '';
  let line = 1;
  for (let n = 0; n < lineStarts.length; n++) {
    const end = n + 1 < lineStarts.length ? lineStarts[n + 1] - 1 : text.length;
    const marker = /^# (\d+) "([^"]*)"/.exec(text.slice(lineStarts[n], end));
    positions.push({ file, line });
    if (marker) {
      line = Number(marker[1]);
      file = marker[2];
    } else {
      line++;
    }
  }
  const prefix = srcdir.endsWith('/') ? srcdir : srcdir + '/';
  const sites: ProbedSite[] = [];
  for (const m of text.matchAll(MARKER)) {
    const { args } = splitArgs(text, m.index + m[0].length - 1);
    const how = args[0];
    if (how !== '__bk_direct' && how !== '__bk_cp') continue; // not a call produced by the macro layer
    const at = positions[upperBound(lineStarts, m.index) - 1];
    sites.push({
      file: at.file.startsWith(prefix) ? at.file.slice(prefix.length) : at.file,
      line: at.line,
      key: m[1],
      argCount: args.length - 1 - PADDING,
      cancellable: how === '__bk_cp',
    });
  }
  return sites;
}

function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `musl_patch_key K = <expanded SYS_x> ;` lines; i386 numbers are expressions like `(259 +6)`. */
function parseResolved(text: string): Map<string, number> {
  const unknown: ConditionEnv = { macro: () => undefined, defined: () => 'unknown' };
  const out = new Map<string, number>();
  for (const m of text.matchAll(/musl_patch_key (\w+) = (.+?) ;/g)) {
    const value = evaluateIf(m[2], unknown); // null when an identifier is left (SYS_x undefined here)
    if (value !== null) out.set(m[1], Number(value));
  }
  return out;
}

/** number → `SYS_name` from the generated bits/syscall.h (first name wins). */
function kernelNames(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of text.matchAll(/^#define (SYS_\w+)\s+(\d+)\s*$/gm)) {
    const n = Number(m[2]);
    if (!out.has(n)) out.set(n, m[1]);
  }
  return out;
}

async function listFiles(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => path.join(e.parentPath, e.name));
}
