// The scanner on fixtures/musl-mini. Every expectation below was derived by reading the fixture
// (see its README) and the arch tables in it, not by running the scanner.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyscallSite } from '../../../src/model/index.js';
import { openMuslTree } from '../../../src/source/index.js';
import { neededSymbols, scan } from '../../../src/scan/index.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
let sites: Record<string, SyscallSite[]> = {};

const at = (arch: string, file: string, line?: number) => sites[arch].filter((s) => s.file === file && (line === undefined || s.line === line));

beforeAll(async () => {
  const tree = await openMuslTree(FIXTURE);
  const result = await scan(tree, ['x86_64', 'i386', 'aarch64', 'riscv64'], { cache: false });
  sites = Object.fromEntries(result.arches.map((a) => [a.arch, a.sites]));
});

describe('constant sites', () => {
  it('names the backend symbol after the SYS_ token as written and resolves musl aliases per arch', () => {
    for (const [arch, kernel, number] of [['x86_64', 'newfstatat', 262], ['aarch64', 'newfstatat', 79], ['i386', 'fstatat64', 300]] as const) {
      const [s] = at(arch, 'src/stat/fstatat.c');
      expect(s).toMatchObject({ kind: 'constant', line: 7, column: 9, function: '__fstatat', callee: '__syscall', token: 'SYS_fstatat', backendSymbol: 'syscall_SYS_fstatat', argCount: 4 });
      expect(s.resolved).toEqual({ name: kernel, number });
      expect(s.objectSymbols).toEqual(['fstatat']); // __fstatat is reserved; weak_alias adds fstatat
    }
    expect(at('i386', 'src/unistd/getuid.c')[0].resolved).toEqual({ name: 'getuid32', number: 199 });
    expect(at('x86_64', 'src/unistd/getuid.c')[0].resolved).toEqual({ name: 'getuid', number: 102 });
  });

  it('counts arguments as the compiler sees them (64-bit values are two arguments on i386)', () => {
    expect(at('x86_64', 'src/unistd/ftruncate.c')[0].argCount).toBe(2);
    expect(at('i386', 'src/unistd/ftruncate.c')[0].argCount).toBe(3);
    expect(at('i386', 'src/unistd/ftruncate.c')[0].objectSymbols).toEqual(['ftruncate', 'ftruncate64']);
  });

  it('marks _cp forms cancellable', () => {
    expect(at('x86_64', 'src/unistd/read.c')[0]).toMatchObject({ callee: 'syscall_cp', token: 'SYS_read', cancellable: true, argCount: 3 });
    expect(at('x86_64', 'src/unistd/getuid.c')[0].cancellable).toBe(false);
  });

  it('ignores comments and #if 0 blocks', () => {
    expect(at('x86_64', 'src/unistd/close.c').map((s) => [s.line, s.column, s.token])).toEqual([[15, 10, 'SYS_close']]);
    expect(at('x86_64', 'src/unistd/close.c')[0].objectSymbols).toEqual(['close']); // not dummy (static), not __aio_close
  });
});

describe('C conditions the compiler folds (src/stat/fstatat_time64.c, after musl 1.2.3 fstatat.c)', () => {
  const tokens = (arch: string) => at(arch, 'src/stat/fstatat_time64.c').map((s) => [s.line, s.token, s.function, s.conditional]);

  it('drops the branch a sizeof condition rules out, and the static functions only it calls', () => {
    // kstat.st_atime_sec is long: 8 bytes on x86_64/aarch64 = sizeof(time_t), so `<` is false there;
    // on i386 long is 4 and time_t (_Int64 = long long) 8. only_from_dead_code is called by nobody,
    // called_under_false_if only where `#ifndef SYS_close` is false on every arch.
    for (const arch of ['x86_64', 'aarch64']) {
      expect(tokens(arch)).toEqual([
        [24, 'SYS_write', 'musl_mini_fstatat_time64', false],
        [25, 'SYS_close', 'musl_mini_fstatat_time64', false],
        [26, 'SYS_brk', 'musl_mini_fstatat_time64', true],
      ]);
      // The header function is called only in the branch the arch drops.
      expect(at(arch, 'src/internal/time64_inline.h')).toEqual([]);
    }
    expect(tokens('i386')).toEqual([
      [9, 'SYS_statx', 'fstatat_statx', false],
      [23, 'SYS_getpid', 'musl_mini_fstatat_time64', false],
      [25, 'SYS_close', 'musl_mini_fstatat_time64', false],
      [26, 'SYS_brk', 'musl_mini_fstatat_time64', true],
    ]);
    expect(at('i386', 'src/internal/time64_inline.h').map((s) => [s.line, s.token, s.function, s.objectSymbols])).toEqual([[3, 'SYS_getpid', 'time64_only', ['musl_mini_fstatat_legacy', 'musl_mini_fstatat_time64']]]);
  });

  it('keeps both branches of a run-time condition and flags a constant it cannot size', () => {
    // Line 25 tests a pointer (run time); line 26 is `sizeof h->x`, a constant through a pointer member.
    expect(at('x86_64', 'src/stat/fstatat_time64.c', 25)[0].conditional).toBe(false);
    expect(at('x86_64', 'src/stat/fstatat_time64.c', 26)[0].conditional).toBe(true);
    expect(neededSymbols(sites.x86_64).has('syscall_SYS_statx')).toBe(false);
    expect(neededSymbols(sites.i386).has('syscall_SYS_statx')).toBe(true);
  });
});

describe('preprocessor awareness', () => {
  it('picks the branch each arch compiles', () => {
    const perarch = (arch: string) => at(arch, 'src/misc/perarch.c').filter((s) => s.function === 'musl_mini_perarch').map((s) => s.token);
    expect(perarch('x86_64')).toEqual(['SYS_write']);
    expect(perarch('aarch64')).toEqual(['SYS_read']);
    expect(perarch('i386')).toEqual(['SYS_close']);
  });

  it('uses SYS_open where the arch has it and SYS_openat where it does not', () => {
    const ft = (arch: string) => at(arch, 'src/misc/perarch.c').filter((s) => s.function === 'musl_mini_feature_test').map((s) => s.token);
    expect(ft('x86_64')).toEqual(['SYS_open']);
    expect(ft('i386')).toEqual(['SYS_open']);
    expect(ft('aarch64')).toEqual(['SYS_openat']);
  });

  it('keeps sites under undecidable conditions, flagged', () => {
    for (const arch of ['x86_64', 'i386', 'aarch64']) {
      const pic = at(arch, 'src/misc/perarch.c', 17);
      expect(pic).toHaveLength(1);
      expect(pic[0].conditional).toBe(true);
      expect(at(arch, 'src/unistd/read.c')[0].conditional).toBe(false);
    }
  });

  it('scans the arch replacement instead of the generic file', () => {
    expect(at('x86_64', 'src/thread/clone.c')).toEqual([]);
    expect(at('aarch64', 'src/thread/clone.c')).toEqual([]);
    expect(at('i386', 'src/thread/clone.c').map((s) => s.token)).toEqual(['SYS_getpid']);
  });
});

describe('wrappers, socket calls, dynamic numbers, macros', () => {
  it('expands __sys_open_cp per arch', () => {
    expect(at('x86_64', 'src/fcntl/open.c')[0]).toMatchObject({ kind: 'wrapper', callee: '__sys_open_cp', token: 'SYS_open', backendSymbol: 'syscall_SYS_open', argCount: 3, cancellable: true, viaMacro: '__sys_open_cp3' });
    expect(at('aarch64', 'src/fcntl/open.c')[0]).toMatchObject({ kind: 'wrapper', token: 'SYS_openat', backendSymbol: 'syscall_SYS_openat', argCount: 4, resolved: { name: 'openat', number: 56 } });
    expect(at('i386', 'src/process/waitpid.c')[0]).toMatchObject({ kind: 'wrapper', callee: 'sys_wait4_cp', token: 'SYS_wait4', backendSymbol: 'syscall_SYS_wait4', argCount: 4, resolved: { name: 'wait4', number: 114 } });
  });

  it('maps socket calls to socketcall_<op> and resolves the direct syscall __alt_socketcall tries first', () => {
    expect(at('i386', 'src/network/connect.c')[0]).toMatchObject({ kind: 'socketcall', callee: 'socketcall_cp', token: 'connect', backendSymbol: 'socketcall_connect', argCount: 6, cancellable: true, resolved: { name: 'connect', number: 362 } });
    expect(at('x86_64', 'src/network/socket.c')[0]).toMatchObject({ callee: '__socketcall', backendSymbol: 'socketcall_socket', resolved: { name: 'socket', number: 41 } });
  });

  it('reports a variable number as a syscall_n site', () => {
    expect(at('aarch64', 'src/misc/syscall.c')).toEqual([
      expect.objectContaining({ kind: 'dynamic', line: 20, column: 23, function: 'syscall', token: 'n', backendSymbol: 'syscall_n', argCount: 6, resolved: null, objectSymbols: ['syscall'] }),
    ]);
  });

  it('attributes syscalls written in a #define body to where the macro is used', () => {
    const brk = at('x86_64', 'src/malloc/mallocng/malloc.c');
    expect(brk.map((s) => [s.line, s.viaMacro, s.token, s.function])).toEqual([[7, 'brk', 'SYS_brk', 'malloc'], [8, 'brk', 'SYS_brk', 'malloc']]);
    expect(brk[0].objectSymbols).toEqual(['malloc', 'musl_mini_malloc_counter']); // not is_allzero: #defined to __malloc_allzerop
  });

  it('reports header inline functions once, where they are used, and skips unused ones', () => {
    const wake = at('x86_64', 'src/internal/pthread_impl.h');
    expect(wake.map((s) => [s.line, s.function, s.token])).toEqual([[12, '__wake', 'SYS_futex'], [13, '__wake', 'SYS_futex']]);
    expect(wake[0].objectSymbols).toEqual(['musl_mini_unlock']);
    expect(at('x86_64', 'src/internal/syscall.h')).toEqual([]); // __alt_socketcall is only reached through __socketcall
  });
});

describe('traps', () => {
  const traps = (arch: string) => sites[arch].filter((s) => s.kind === 'trap').map((s) => `${s.file}:${s.line} ${s.callee}${s.viaMacro ? ` via ${s.viaMacro}` : ''}`);

  it('finds .s instructions and inline asm, not comments or symbols', () => {
    expect(traps('x86_64')).toEqual([
      'arch/x86_64/syscall_arch.h:7 syscall',
      'arch/x86_64/syscall_arch.h:14 syscall',
      'src/signal/x86_64/restore.s:7 syscall',
      'src/thread/x86_64/clone.s:10 syscall',
    ]);
    expect(traps('aarch64')).toEqual([
      'arch/aarch64/syscall_arch.h:14 svc 0 via __asm_syscall',
      'arch/aarch64/syscall_arch.h:21 svc 0 via __asm_syscall',
      'src/thread/aarch64/clone.s:7 svc #0',
      'src/thread/aarch64/clone.s:11 svc #0',
    ]);
    // `ecall\n\t` in the macro's asm string; a7 holds the number. `#` starts a comment on riscv64.
    expect(traps('riscv64')).toEqual([
      'arch/riscv64/syscall_arch.h:13 ecall via __asm_syscall',
      'arch/riscv64/syscall_arch.h:20 ecall via __asm_syscall',
      'src/thread/riscv64/clone.s:7 ecall',
      'src/thread/riscv64/clone.s:12 ecall',
    ]);
  });

  it('sees both i386 instructions: int $128 where SYSCALL_NO_TLS is set, call *%gs:16 elsewhere', () => {
    expect(traps('i386').filter((t) => t.includes(':15 '))).toEqual(['arch/i386/syscall_arch.h:15 call *%gs:16', 'arch/i386/syscall_arch.h:15 int $128']);
  });

  it('names the label a .s trap follows', () => {
    expect(at('x86_64', 'src/thread/x86_64/clone.s')[0]).toMatchObject({ function: '__clone', column: 2, backendSymbol: null, token: null, argCount: null });
  });
});

describe('neededSymbols', () => {
  it('is the union of backend symbols with the arity the calls use', () => {
    const needed = neededSymbols(sites.x86_64);
    expect([...needed.keys()]).toEqual([
      'socketcall_connect', 'socketcall_socket',
      'syscall_SYS_brk', 'syscall_SYS_close', 'syscall_SYS_fstatat', 'syscall_SYS_ftruncate', 'syscall_SYS_futex',
      'syscall_SYS_getpid', 'syscall_SYS_getuid', 'syscall_SYS_open', 'syscall_SYS_read', 'syscall_SYS_wait4', 'syscall_SYS_write',
      'syscall_n',
    ]);
    expect(needed.get('syscall_n')!.arity).toBe(7);
    expect(needed.get('syscall_SYS_futex')!.arity).toBe(3);
    expect(needed.get('syscall_SYS_open')!.sites).toHaveLength(2); // open.c wrapper + perarch.c
    expect(neededSymbols(sites.aarch64).has('syscall_SYS_open')).toBe(false);
  });

  it('adds what rewritten assembly calls, for the .s files compiled on the arch', () => {
    const asmReferences = { 'src/thread/x86_64/clone.s': ['syscall_clone'], 'src/thread/aarch64/clone.s': ['syscall_clone_a64'], 'src/signal/x86_64/restore.s': ['syscall_SYS_read'] };
    const needed = neededSymbols(sites.x86_64, { asmReferences });
    expect(needed.get('syscall_clone')).toEqual({ arity: null, sites: [expect.objectContaining({ file: 'src/thread/x86_64/clone.s', kind: 'trap' })] });
    expect(needed.has('syscall_clone_a64')).toBe(false); // aarch64's clone.s is not compiled for x86_64
    expect(needed.get('syscall_SYS_read')).toMatchObject({ arity: 3 });
    expect(needed.get('syscall_SYS_read')!.sites.map((s) => s.file)).toEqual(['src/signal/x86_64/restore.s', 'src/unistd/read.c']);
  });
});

it('orders sites stably by file, line, column', () => {
  for (const list of Object.values(sites)) {
    const keys = list.map((s) => `${s.file}\0${String(s.line).padStart(6, '0')}\0${String(s.column).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());
  }
});
