// A hand-written coverage report: x86_64 and aarch64, one symbol of each kind.
import type { AbiFinding, ArchCoverage, BackendSymbol, CoverageEntry, CoverageReport } from '../../../src/model/index.js';

const def = (name: string, status: BackendSymbol['status'], params: string[], line: number): BackendSymbol => ({
  name,
  status,
  file: 'kernel/musl/sys.cpp',
  line,
  params,
  weak: false,
});

/** x86_64's write is declared `int`: musl's write() reads a long there. */
export const WRITE_ABI: AbiFinding = {
  kind: 'return',
  position: null,
  declared: 'int',
  expected: 'long',
  site: { file: 'src/unistd/write.c', line: 6, function: 'write' },
  message: 'returns int; musl reads a long (8 bytes): a negative errno arrives zero-extended at src/unistd/write.c:6 (write)',
};

function entry(symbol: string, status: CoverageEntry['status'], neededArity: number, definition: BackendSymbol | null, reachedFrom: string[], abi: AbiFinding[] = []): CoverageEntry {
  return {
    symbol,
    status,
    neededArity,
    naturalArity: null,
    definition,
    duplicates: [],
    arityMismatch: definition !== null && definition.params !== null && definition.params.length !== neededArity,
    abi,
    abiUnknown: [],
    reachedFrom,
    sites: [{ file: `src/x/${symbol}.c`, line: 7, column: 9, function: reachedFrom[0] ?? null }],
  };
}

function arch(name: string, entries: CoverageEntry[], unneeded: BackendSymbol[] = []): ArchCoverage {
  const count = (s: CoverageEntry['status']) => entries.filter((e) => e.status === s).length;
  return {
    arch: name,
    entries,
    unneeded,
    totals: {
      needed: entries.length,
      implemented: count('implemented'),
      stub: count('stub'),
      missing: count('missing'),
      arity: entries.filter((e) => e.arityMismatch).length,
      abi: entries.filter((e) => e.abi.length > 0).length,
    },
  };
}

/** With `abi`, x86_64's write carries an ABI finding (WRITE_ABI). */
export function sampleReport(opts: { abi?: boolean } = {}): CoverageReport {
  const write = def('syscall_SYS_write', 'implemented', ['int', 'const void*', 'size_t'], 10);
  const read = def('syscall_SYS_read', 'implemented', ['int', 'void*'], 20);
  const mlock = def('syscall_SYS_mlock', 'stub', ['const void*', 'size_t'], 30);
  return {
    version: '1.2.5',
    backend: ['kernel/musl'],
    arches: [
      arch('x86_64', [
        entry('syscall_SYS_acct', 'missing', 1, null, ['acct']),
        entry('syscall_SYS_mlock', 'stub', 2, mlock, ['mlock']),
        entry('syscall_SYS_open', 'missing', 3, null, ['fopen', 'open', 'tmpfile']),
        entry('syscall_SYS_read', 'implemented', 3, read, ['read']),
        entry('syscall_SYS_write', 'implemented', 3, write, ['write'], opts.abi ? [WRITE_ABI] : []),
      ], [def('syscall_SYS_reboot', 'stub', [], 40)]),
      arch('aarch64', [
        entry('syscall_SYS_acct', 'missing', 1, null, ['acct']),
        entry('syscall_SYS_mlock', 'stub', 2, mlock, ['mlock']),
        entry('syscall_SYS_read', 'implemented', 3, read, ['read']),
        entry('syscall_SYS_write', 'implemented', 3, write, ['write']),
      ], [def('syscall_SYS_reboot', 'stub', [], 40)]),
    ],
  };
}
