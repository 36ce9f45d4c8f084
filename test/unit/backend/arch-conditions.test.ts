import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { MUSL_ARCHES } from '../../../src/arch/index.js';
import { evaluate } from '../../../src/backend/arch-conditions.js';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { computeCoverage } from '../../../src/backend/coverage.js';
import { neededSymbols } from '../../../src/scan/index.js';
import { readBackend } from '../../../src/backend/reader.js';
import { site } from './sites.js';

const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));

const sorted = (c: ReturnType<typeof evaluate>) => (c ? { set: [...c.set].sort(), exact: c.exact } : null);
const allBut = (...arches: string[]) => MUSL_ARCHES.filter((a) => !arches.includes(a));

describe('evaluate', () => {
  test('arch macros, defined(), !, &&, ||, 0 and 1', () => {
    expect(sorted(evaluate('defined(__x86_64__) || defined __aarch64__'))).toEqual({ set: ['aarch64', 'x86_64'], exact: true });
    expect(sorted(evaluate('!defined(__i386__)'))).toEqual({ set: allBut('i386'), exact: true });
    expect(sorted(evaluate('__x86_64__ && !__i386__'))).toEqual({ set: ['x86_64'], exact: true });
    expect(sorted(evaluate('0'))).toEqual({ set: [], exact: true });
    expect(sorted(evaluate('1'))).toEqual({ set: [...MUSL_ARCHES].sort(), exact: true });
  });

  test('other terms are undecided: narrowing stays inexact, a union with them is unknown', () => {
    expect(sorted(evaluate('defined(__x86_64__) && HAVE_VDSO'))).toEqual({ set: ['x86_64'], exact: false });
    expect(evaluate('defined(__x86_64__) || HAVE_VDSO')).toBeNull();
    expect(evaluate('!(defined(__x86_64__) && HAVE_VDSO)')).toBeNull();
    expect(evaluate('__riscv_xlen == 64')).toBeNull();
    expect(evaluate('ENABLE_STRACE')).toBeNull();
  });
});

describe('arch-conditional definitions', () => {
  test('the reader records the arches of #if branches and coverage uses the one for each arch', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-arch-'));
    scratch.push(dir);
    await writeFile(
      path.join(dir, 'mm.cpp'),
      `#include <errno.h>
extern "C" {
#if defined(__i386__)
long syscall_SYS_mmap2(long a, long b, long c, long d, long e, long f) { return a + b + c + d + e + f; }
#elif defined(__x86_64__) && HAVE_STRACE
long syscall_SYS_mmap2(long a, long b, long c, long d, long e, long f) { return -ENOSYS; }
#else
long syscall_SYS_mmap2(long a, long b, long c, long d, long e) { return -ENOSYS; }
#endif
#ifndef __aarch64__
long syscall_SYS_open(const char* p, int f, int m) { return p[0] + f + m; }
#endif
}
`,
    );
    const reading = await readBackend([dir], defaultBackendConfig(), { relativeTo: dir });
    expect(reading.symbols.map((s) => [s.name, s.line, s.arches?.length ?? null])).toEqual([
      ['syscall_SYS_mmap2', 4, 1],
      ['syscall_SYS_mmap2', 6, 1],
      ['syscall_SYS_mmap2', 8, MUSL_ARCHES.length - 1],
      ['syscall_SYS_open', 11, MUSL_ARCHES.length - 1],
    ]);
    expect(reading.symbols[2].arches).not.toContain('i386');
    expect(reading.symbols[3].arches).not.toContain('aarch64');

    const needed = (arch: string) => neededSymbols([site(arch, 'syscall_SYS_mmap2', 6), site(arch, 'syscall_SYS_open', 3)]);
    const report = computeCoverage({
      version: '1.2.5',
      backend: [dir],
      needed: new Map(['i386', 'x86_64', 'aarch64'].map((a) => [a, needed(a)])),
      symbols: reading.symbols,
    });
    expect(report.arches.map((a) => [a.arch, a.entries.map((e) => [e.symbol, e.status, e.definition?.line ?? null, e.arityMismatch])])).toEqual([
      ['i386', [['syscall_SYS_mmap2', 'implemented', 4, false], ['syscall_SYS_open', 'implemented', 11, false]]],
      // x86_64: the HAVE_STRACE branch may or may not be compiled, so #else may apply too; the fitting arity wins.
      ['x86_64', [['syscall_SYS_mmap2', 'stub', 6, false], ['syscall_SYS_open', 'implemented', 11, false]]],
      ['aarch64', [['syscall_SYS_mmap2', 'stub', 8, true], ['syscall_SYS_open', 'missing', null, false]]],
    ]);
  });
});
