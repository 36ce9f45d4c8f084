import { describe, expect, test } from 'vitest';
import { generateStubs, planStubs } from '../../../src/backend/stubs.js';
import type { CoverageReport } from '../../../src/model/index.js';
import { sampleReport } from '../report/sample-report.js';

/** x86_64 and i386 both miss pread64, with different arities (i386 splits the 64-bit offset). */
function splitArityReport(): CoverageReport {
  const missing = (symbol: string, neededArity: number | null) => ({
    symbol,
    status: 'missing' as const,
    neededArity,
    naturalArity: null,
    definition: null,
    duplicates: [],
    arityMismatch: false,
    abi: [],
    abiUnknown: [],
    reachedFrom: ['pread'],
    sites: [{ file: 'src/unistd/pread.c', line: 5, column: 9, function: 'pread' }],
  });
  const totals = { needed: 1, implemented: 0, stub: 0, missing: 1, arity: 0, abi: 0 };
  return {
    version: '1.2.5',
    backend: ['k'],
    arches: [
      { arch: 'x86_64', entries: [missing('syscall_SYS_pread64', 4)], unneeded: [], totals },
      { arch: 'i386', entries: [missing('syscall_SYS_pread64', 5), missing('syscall_SYS_vhangup', null)], unneeded: [], totals },
    ],
  };
}

describe('planStubs', () => {
  test('one variant per arity, arches grouped; unknown arity takes the six syscall arguments', () => {
    expect(planStubs(splitArityReport())).toEqual([
      {
        symbol: 'syscall_SYS_pread64',
        variants: [
          { arity: 4, arches: ['x86_64'] },
          { arity: 5, arches: ['i386'] },
        ],
        reachedFrom: ['pread'],
        site: 'src/unistd/pread.c:5',
      },
      { symbol: 'syscall_SYS_vhangup', variants: [{ arity: 6, arches: ['i386'] }], reachedFrom: ['pread'], site: 'src/unistd/pread.c:5' },
    ]);
  });
});

describe('generateStubs', () => {
  test('C++: extern "C" block, weak, marker fallback, -ENOSYS, the libc functions in a comment', () => {
    const text = generateStubs(sampleReport(), { lang: 'cpp', marker: 'STUB', includes: [], prototypes: [] });
    expect(text).toContain('#ifndef STUB\n#define STUB(name) ((void)(name))\n#endif\n\nextern "C" {\n');
    expect(text).toContain(
      [
        '/* syscall_SYS_open: needed by fopen, open, tmpfile (src/x/syscall_SYS_open.c:7) */',
        '__attribute__((weak)) long syscall_SYS_open(long a1, long a2, long a3)',
        '{',
        '\t(void)a1;',
        '\t(void)a2;',
        '\t(void)a3;',
        '\tSTUB("syscall_SYS_open");',
        '\treturn -ENOSYS;',
        '}',
      ].join('\n'),
    );
    expect(text.trimEnd().endsWith('} // extern "C"')).toBe(true);
    // Stubs and implemented symbols get no stub.
    expect(text).not.toMatch(/long syscall_SYS_(mlock|read|write)\(/);
  });

  test('C: no extern block; per-arch #if when arities differ', () => {
    const text = generateStubs(splitArityReport(), { lang: 'c', marker: 'STUB', includes: [], prototypes: [] });
    expect(text).not.toContain('extern "C"');
    expect(text).toContain('#if defined(__x86_64__)\n__attribute__((weak)) long syscall_SYS_pread64(long a1, long a2, long a3, long a4)\n');
    expect(text).toContain('#elif defined(__i386__)\n__attribute__((weak)) long syscall_SYS_pread64(long a1, long a2, long a3, long a4, long a5)\n');
  });

  test('prototype types: builtin ones kept, others reduced to void* / long unless the kernel headers are included', () => {
    const prototypes = [{ name: 'syscall_SYS_open', params: ['const char*', 'int', 'mode_t'], returns: 'long', file: 'k.h', line: 1 }];
    const plain = generateStubs(sampleReport(), { lang: 'cpp', marker: 'STUB', includes: [], prototypes });
    expect(plain).toContain('long syscall_SYS_open(const char *a1, int a2, long a3)');
    const withHeaders = generateStubs(sampleReport(), { lang: 'cpp', marker: 'stub_marker', includes: ['kernel/syscalls.hpp', '<sys/types.h>'], prototypes });
    expect(withHeaders).toContain('#include "kernel/syscalls.hpp"\n#include <sys/types.h>\n');
    expect(withHeaders).toContain('long syscall_SYS_open(const char *a1, int a2, mode_t a3)');
    expect(withHeaders).toContain('\tstub_marker("syscall_SYS_open");');
  });
});
