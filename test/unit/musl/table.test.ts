import { describe, expect, it } from 'vitest';
import { parseArchMacros, parseSyscallNumbers, resolveAliases } from '../../../src/musl/table.js';

// A cut-down copy of musl's alias section (src/internal/syscall.h) with its real shapes.
const SYSCALL_H = `
#ifdef SYS_getuid32
#undef SYS_getuid
#define SYS_getuid SYS_getuid32
#endif
#if defined(SYS_newfstatat)
#undef SYS_fstatat
#define SYS_fstatat SYS_newfstatat
#elif defined(SYS_fstatat64)
#undef SYS_fstatat
#define SYS_fstatat SYS_fstatat64
#endif
#ifndef SYS_clock_gettime
#define SYS_clock_gettime SYS_clock_gettime64
#endif
#ifndef SYS_accept
#define SYS_accept SYS_accept4
#endif
#define __sys_open2(x,pn,fl) __syscall2(SYS_open, pn, (fl)|O_LARGEFILE)
`;

describe('syscall tables', () => {
  it('reads __NR_ numbers, including expressions over other macros', () => {
    const nrs = parseSyscallNumbers('#define __X32_SYSCALL_BIT 0x40000000\n#define __NR_read\t(__X32_SYSCALL_BIT + 3)\n#define __NR_exit 1\n/* #define __NR_old 9 */\n');
    expect(nrs).toEqual([
      { name: 'exit', number: 1 },
      { name: 'read', number: 0x40000003 },
    ]);
  });

  it('resolves aliases the way the preprocessor would for a 64-bit arch', () => {
    const nrs = [
      { name: 'newfstatat', number: 262 },
      { name: 'clock_gettime', number: 228 },
      { name: 'accept', number: 43 },
      { name: 'accept4', number: 288 },
    ];
    expect(resolveAliases(SYSCALL_H, nrs, {})).toEqual([{ name: 'fstatat', target: 'newfstatat', number: 262 }]);
  });

  it('resolves aliases for a 32-bit, time64-only arch', () => {
    const nrs = [
      { name: 'getuid32', number: 199 },
      { name: 'fstatat64', number: 300 },
      { name: 'clock_gettime64', number: 403 },
      { name: 'accept4', number: 364 },
    ];
    expect(resolveAliases(SYSCALL_H, nrs, {})).toEqual([
      { name: 'accept', target: 'accept4', number: 364 },
      { name: 'clock_gettime', target: 'clock_gettime64', number: 403 },
      { name: 'fstatat', target: 'fstatat64', number: 300 },
      { name: 'getuid', target: 'getuid32', number: 199 },
    ]);
  });

  it('collects the object-like macros of syscall_arch.h', () => {
    const text = '#define __SYSCALL_LL_E(x) (x)\n#define IPC_64 0\n#define SYSCALL_USE_SOCKETCALL\n#define VDSO_CGT_SYM "__vdso_clock_gettime"\n';
    expect(parseArchMacros(text)).toEqual({ IPC_64: '0', SYSCALL_USE_SOCKETCALL: '', VDSO_CGT_SYM: '"__vdso_clock_gettime"' });
  });
});
