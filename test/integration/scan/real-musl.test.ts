// The scanner on real musl releases. Expected values come from DESIGN §4 (measured on built
// libc.a) or are recomputed here by a different method (regex over the text), never from the
// scanner itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MuslTree, SyscallSite } from '../../../src/model/index.js';
import { muslArches } from '../../../src/musl/tree.js';
import { census, scan } from '../../../src/scan/index.js';
import { toJson } from '../../../src/scan/report.js';
import { listFiles } from '../../../src/scan/tree-files.js';
import { muslTree } from '../musl-trees.js';

const VERSIONS = ['1.2.3', '1.2.5', '1.2.6'] as const;
const EXPECTED = fileURLToPath(new URL('./expected/', import.meta.url));
const ARCHES = ['x86_64', 'i386', 'aarch64'];
const trees: Record<string, MuslTree> = {};
const sites: Record<string, Record<string, SyscallSite[]>> = {};

beforeAll(async () => {
  for (const v of VERSIONS) {
    trees[v] = await muslTree(v);
    const r = await scan(trees[v], ARCHES, { cache: false });
    sites[v] = Object.fromEntries(r.arches.map((a) => [a.arch, a.sites]));
  }
});

describe.each(VERSIONS)('musl %s', (v) => {
  it('x86_64 opens with SYS_open where aarch64 has only SYS_openat', () => {
    const tokens = (arch: string) => new Set(sites[v][arch].filter((s) => s.kind === 'wrapper' && /sys_open/.test(s.callee)).map((s) => s.token));
    expect(tokens('x86_64')).toEqual(new Set(['SYS_open']));
    expect(tokens('aarch64')).toEqual(new Set(['SYS_openat']));
    expect(sites[v].aarch64.some((s) => s.token === 'SYS_open')).toBe(false);
    expect(sites[v].x86_64.filter((s) => s.token === 'SYS_open').length).toBeGreaterThan(0);
  });

  it('finds the four files whose syscall number is a variable (syscall_n)', () => {
    for (const arch of ARCHES) {
      const files = [...new Set(sites[v][arch].filter((s) => s.kind === 'dynamic').map((s) => s.file))].sort();
      expect(files).toEqual(['src/misc/syscall.c', 'src/thread/__syscall_cp.c', 'src/thread/pthread_cancel.c', 'src/unistd/setxid.c']);
      expect(sites[v][arch].filter((s) => s.kind === 'dynamic').every((s) => s.backendSymbol === 'syscall_n')).toBe(true);
    }
  });

  it('finds the trap instructions of every .s file, matching a grep of the arch directories', () => {
    const traps = /^\s*(?:\d+:\s*)?(syscall|svc\s+#?0|int\s+\$(?:0x80|128))\b/;
    for (const arch of ARCHES) {
      const scanned = sites[v][arch].filter((s) => s.kind === 'trap' && /\.[sS]$/.test(s.file)).map((s) => `${s.file}:${s.line}`);
      const grepped = listFiles(trees[v].root, ['src'])
        .filter((f) => f.includes(`/${arch}/`) && f.endsWith('.s'))
        .flatMap((f) => readFileSync(join(trees[v].root, f), 'latin1').split('\n').flatMap((l, i) => (traps.test(l) ? [`${f}:${i + 1}`] : [])));
      expect(scanned.sort()).toEqual(grepped.sort());
    }
  });

  it('gives i386 socket calls the direct syscall that __alt_socketcall tries before SYS_socketcall', () => {
    const syscallH = readFileSync(join(trees[v].root, 'src/internal/syscall.h'), 'latin1');
    expect(syscallH).toMatch(/#define __socketcall\(nm, a, b, c, d, e, f\) __alt_socketcall\(SYS_##nm/);
    const numbers = Object.fromEntries(
      [...readFileSync(join(trees[v].root, 'arch/i386/bits/syscall.h.in'), 'latin1').matchAll(/#define __NR_(\w+)\s+(\d+)/g)].map((m) => [m[1], Number(m[2])]),
    );
    const sock = sites[v].i386.filter((s) => s.kind === 'socketcall');
    expect(sock).toHaveLength(22);
    for (const s of sock) {
      expect(s.backendSymbol).toBe(`socketcall_${s.token}`);
      // accept has no i386 syscall of its own: musl defines SYS_accept as SYS_accept4.
      const op = s.token === 'accept' ? 'accept4' : s.token!;
      expect(s.resolved).toEqual({ name: op, number: numbers[op] });
    }
  });

  it('leaves out the branches `if (sizeof …)` rules out per arch, as the compiler does', () => {
    // getitimer.c/setitimer.c: `if (sizeof(time_t) > sizeof(long)) { …__syscall… }` then the plain
    // call; time_t is 64-bit everywhere, long only on x86_64/aarch64 (read in the sources).
    const lines = (arch: string, file: string) => sites[v][arch].filter((s) => s.file === file).map((s) => s.line);
    for (const file of ['src/signal/getitimer.c', 'src/signal/setitimer.c']) {
      const text = readFileSync(join(trees[v].root, file), 'latin1').split('\n');
      const guard = text.findIndex((l) => /if \(sizeof\(time_t\) > sizeof\(long\)\)/.test(l)) + 1;
      expect(guard).toBeGreaterThan(0);
      expect(lines('i386', file).some((l) => l > guard && l < guard + 10)).toBe(true);
      for (const arch of ['x86_64', 'aarch64']) {
        expect(lines(arch, file)).toHaveLength(1);
        expect(lines(arch, file)[0]).toBeGreaterThan(guard + 1);
      }
    }
    // fstatat.c calls the static fstatat_statx only under `sizeof(kstat.st_atime_sec) < sizeof(time_t)`
    // (true only on i386) and, from 1.2.5, in the `#else` of `#ifdef SYS_fstatat`, which all three
    // arches define: so its SYS_statx is compiled on i386 alone.
    const statx = (arch: string) => sites[v][arch].filter((s) => s.file === 'src/stat/fstatat.c' && s.token === 'SYS_statx').length;
    expect([statx('x86_64'), statx('i386'), statx('aarch64')]).toEqual([0, 1, 0]);
  });

  it('has no undecidable site on x86_64 and aarch64; on i386 only syscall_arch.h`s PIC/BROKEN_EBX_ASM variants', () => {
    expect(sites[v].x86_64.filter((s) => s.conditional)).toEqual([]);
    expect(sites[v].aarch64.filter((s) => s.conditional)).toEqual([]);
    expect(new Set(sites[v].i386.filter((s) => s.conditional).map((s) => s.file))).toEqual(new Set(['arch/i386/syscall_arch.h']));
  });
});

describe('trap files of musl 1.2.5 (DESIGN §4)', () => {
  const files = (arch: string) => [...new Set(sites['1.2.5'][arch].filter((s) => s.kind === 'trap' && s.file.endsWith('.s')).map((s) => s.file.split('/').pop()))].sort();
  it('per arch', () => {
    const six = ['__set_thread_area.s', '__unmapself.s', 'clone.s', 'restore.s', 'syscall_cp.s', 'vfork.s'];
    expect(files('x86_64')).toEqual(six);
    expect(files('i386')).toEqual([...six, 'defsysinfo.s'].sort());
    expect(files('aarch64')).toEqual(['__unmapself.s', 'clone.s', 'restore.s', 'syscall_cp.s', 'vfork.s']);
  });
});

/** DESIGN §4 counts, recomputed by regex over comment-free text (a different method than the scanner's parse). */
function regexCensus(root: string): number {
  const call = /(?<![\w.>])(__syscall_cp[0-7]?|__syscall[0-7]?|syscall_cp|syscall|socketcall_cp|socketcall|__socketcall_cp|__socketcall|(?:__)?sys_(?:open|wait4|pause)(?:_cp)?)\s*\(\s*([^,)\s]*)/g;
  let n = 0;
  for (const f of listFiles(root, ['src', 'crt', 'ldso', 'arch'])) {
    if (!/\.[ch]$/.test(f)) continue;
    const text = readFileSync(join(root, f), 'latin1').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
    // Drop #define bodies (with continuations): macros are not call sites.
    const code = text.replace(/^[ \t]*#[ \t]*define(?:[^\n]*\\\n)*[^\n]*/gm, '');
    for (const m of code.matchAll(call)) {
      const before = code.slice(Math.max(0, m.index - 12), m.index);
      if (/\blong\s*\(?\s*$/.test(before) || m[2] === 'syscall_arg_t') continue; // definitions and prototypes
      n++;
    }
  }
  return n;
}

describe('call sites of the syscall macro family in C, tree-wide (DESIGN §4)', () => {
  it.each([
    // DESIGN: 567 / 574 / 580. Measured: 1.2.3 equal; 1.2.5 one more, a wait4 wrapper (DESIGN lists
    // 10 wrappers, there are 11: __sys_open ×2, __sys_open_cp, sys_open ×4, __sys_wait4 ×3,
    // sys_wait4_cp); 1.2.6 adds that one plus __sys_pause and sys_pause_cp, new in 1.2.6.
    ['1.2.3', 567, 7],
    ['1.2.5', 575, 11],
    ['1.2.6', 583, 13],
  ] as const)('musl %s: %i sites, %i wrappers', async (v, total, wrappers) => {
    const c = await census(trees[v]);
    expect(c.total).toBe(total);
    expect(c.wrapper).toBe(wrappers);
    expect(c.socketcall).toBe(22);
    expect(c.total).toBe(regexCensus(trees[v].root));
  });
});

describe('every arch of a release', () => {
  it.each(VERSIONS)('musl %s: no file makes the scanner throw, and the JSON is byte for byte the per-arch scanner\'s', async (v) => {
    const arches = muslArches(trees[v]);
    expect(arches.length).toBeGreaterThan(10);
    const r = await scan(trees[v], arches, { cache: false });
    for (const a of r.arches) expect(a.sites.filter((s) => s.kind === 'trap').length).toBeGreaterThan(0);
    // expected/README.md: `scan <v> --arch all --json --no-cache` of the scanner before the
    // one-pass restructuring, as the CLI prints it.
    const expected = gunzipSync(readFileSync(join(EXPECTED, `scan-${v}-all.json.gz`))).toString('utf8');
    expect(`${JSON.stringify(toJson(v, r.arches), null, 2)}\n` === expected, `scan ${v} --arch all --json differs from expected/scan-${v}-all.json.gz`).toBe(true);
  });
});
