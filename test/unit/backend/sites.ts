// Hand-written syscall sites for the coverage and report tests.
import type { SyscallSite } from '../../../src/model/index.js';

export function site(arch: string, backendSymbol: string, argCount: number | null, extra: Partial<SyscallSite> = {}): SyscallSite {
  return {
    arch,
    kind: 'constant',
    file: `src/misc/${backendSymbol}.c`,
    line: 10,
    column: 9,
    function: null,
    callee: '__syscall',
    token: backendSymbol.replace(/^syscall_/, ''),
    backendSymbol,
    resolved: null,
    argCount,
    cancellable: false,
    conditional: false,
    viaMacro: null,
    objectSymbols: [],
    ...extra,
  };
}

/**
 * What a small libc needs on two arches: write/read/mlock/madvise/acct everywhere, socketcall
 * connect/getsockopt, syscall_n, and pread64 whose arity differs (i386 splits the offset).
 */
export function sampleSites(): SyscallSite[] {
  const both = (symbol: string, args: number, extra: Partial<SyscallSite> = {}) =>
    ['x86_64', 'i386'].map((arch) => site(arch, symbol, args, extra));
  return [
    ...both('syscall_SYS_write', 3, { objectSymbols: ['write'], function: 'write', file: 'src/unistd/write.c', line: 6 }),
    ...both('syscall_SYS_read', 3, { objectSymbols: ['read'], function: 'read', file: 'src/unistd/read.c', line: 6 }),
    ...both('syscall_SYS_mlock', 2, { objectSymbols: ['mlock'], function: 'mlock', file: 'src/mman/mlock.c', line: 6 }),
    ...both('syscall_SYS_madvise', 3, { objectSymbols: ['madvise'], function: '__madvise', file: 'src/mman/madvise.c', line: 6 }),
    ...both('syscall_SYS_acct', 1, { objectSymbols: ['acct'], function: 'acct', file: 'src/legacy/acct.c', line: 9 }),
    ...both('socketcall_connect', 3, { kind: 'socketcall', objectSymbols: ['connect'], function: 'connect', file: 'src/network/connect.c', line: 5 }),
    ...both('socketcall_getsockopt', 5, { kind: 'socketcall', objectSymbols: ['getsockopt'], function: 'getsockopt', file: 'src/network/getsockopt.c', line: 8 }),
    ...both('syscall_n', 6, { kind: 'dynamic', objectSymbols: ['syscall'], function: 'syscall', file: 'src/misc/syscall.c', line: 20 }),
    site('x86_64', 'syscall_SYS_pread64', 4, { objectSymbols: ['pread'], function: 'pread', file: 'src/unistd/pread.c', line: 5 }),
    site('i386', 'syscall_SYS_pread64', 5, { objectSymbols: ['pread'], function: 'pread', file: 'src/unistd/pread.c', line: 5 }),
    // A second site of write with fewer arguments does not lower the needed arity.
    site('x86_64', 'syscall_SYS_write', 2, { objectSymbols: ['dprintf', 'vdprintf'], function: 'vdprintf', file: 'src/stdio/vdprintf.c', line: 12 }),
    // Only i386 needs the 32-bit uid call.
    site('i386', 'syscall_SYS_getuid32', 0, { objectSymbols: ['getuid'], function: 'getuid', file: 'src/unistd/getuid.c', line: 5 }),
  ];
}
