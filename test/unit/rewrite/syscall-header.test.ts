import { describe, expect, it } from 'vitest';
import { REPLACED_MACROS, rewriteSyscallHeader } from '../../../src/rewrite/syscall-header.js';
import { rewriteArchSyscallHeader } from '../../../src/rewrite/arch-header.js';
import { RewriteMismatch } from '../../../src/rewrite/text.js';

// A cut-down src/internal/syscall.h with every definition the rewrite replaces.
const SYSCALL_H = [
  '#include "syscall_arch.h"',
  '',
  'hidden long __syscall_ret(unsigned long),',
  '\t__syscall_cp(syscall_arg_t, syscall_arg_t, syscall_arg_t, syscall_arg_t,',
  '\t             syscall_arg_t, syscall_arg_t, syscall_arg_t);',
  '',
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `#define __syscall${n}(n,a) __syscall${n}(n,__scc(a))`),
  '',
  '#define __SYSCALL_NARGS(...) __SYSCALL_NARGS_X(__VA_ARGS__,7,6,5,4,3,2,1,0,)',
  '#define __SYSCALL_DISP(b,...) __SYSCALL_CONCAT(b,__SYSCALL_NARGS(__VA_ARGS__))(__VA_ARGS__)',
  '',
  '#define __syscall(...) __SYSCALL_DISP(__syscall,__VA_ARGS__)',
  '#define syscall(...) __syscall_ret(__syscall(__VA_ARGS__))',
  '',
  '#define socketcall(nm,a,b,c,d,e,f) __syscall_ret(__socketcall(nm,a,b,c,d,e,f))',
  '#define socketcall_cp(nm,a,b,c,d,e,f) __syscall_ret(__socketcall_cp(nm,a,b,c,d,e,f))',
  '',
  ...[0, 1, 2, 3, 4, 5, 6].map((n) => `#define __syscall_cp${n}(n) (__syscall_cp)(n,0,0,0,0,0,0)`),
  '',
  '#define __syscall_cp(...) __SYSCALL_DISP(__syscall_cp,__VA_ARGS__)',
  '#define syscall_cp(...) __syscall_ret(__syscall_cp(__VA_ARGS__))',
  '',
  'static inline long __alt_socketcall(int sys, int sock, int cp, long a)',
  '{',
  '\treturn __syscall(sys, a);',
  '}',
  '#define __socketcall(nm, a, b, c, d, e, f) __alt_socketcall(SYS_##nm, __SC_##nm, 0, \\',
  '\t__scc(a), __scc(b), __scc(c), __scc(d), __scc(e), __scc(f))',
  '#define __socketcall_cp(nm, a, b, c, d, e, f) __alt_socketcall(SYS_##nm, __SC_##nm, 1, \\',
  '\t__scc(a), __scc(b), __scc(c), __scc(d), __scc(e), __scc(f))',
  '',
  '#define SYS_fstatat SYS_newfstatat',
  '',
].join('\n');

describe('rewriteSyscallHeader', () => {
  const out = rewriteSyscallHeader(SYSCALL_H);

  it('removes every replaced macro and the inline __alt_socketcall', () => {
    for (const m of REPLACED_MACROS) expect(out).not.toMatch(new RegExp(`#define ${m}\\(`));
    expect(out).not.toContain('__alt_socketcall');
    expect(out).not.toContain('__scc(f))'); // continuation lines went with their definitions
  });

  it('includes syscall_backend.h where __syscall was defined, after the dispatch helpers it keeps', () => {
    const include = out.indexOf('#include "syscall_backend.h"');
    expect(include).toBeGreaterThan(out.indexOf('#define __SYSCALL_DISP('));
    expect(out.indexOf('#define SYS_fstatat SYS_newfstatat')).toBeGreaterThan(include);
  });

  it('keeps __syscall_ret declared and drops the number-first __syscall_cp declaration', () => {
    expect(out).toContain('hidden long __syscall_ret(unsigned long);\n');
    expect(out).not.toContain('syscall_arg_t, syscall_arg_t, syscall_arg_t);');
  });

  it('leaves no run of blank lines behind', () => {
    expect(out).not.toMatch(/\n\n\n/);
  });

  it('reports a header that lacks part of the macro family', () => {
    expect(() => rewriteSyscallHeader(SYSCALL_H.replace(/#define syscall_cp\(.*\n/, ''))).toThrow(/syscall_cp/);
  });
});

const I386_ARCH_H = `#define __SYSCALL_LL_E(x) \\
((union { long long ll; long l[2]; }){ .ll = x }).l[0], \\
((union { long long ll; long l[2]; }){ .ll = x }).l[1]
#define __SYSCALL_LL_O(x) __SYSCALL_LL_E((x))

#if SYSCALL_NO_TLS
#define SYSCALL_INSNS "int $128"
#else
#define SYSCALL_INSNS "call *%%gs:16"
#endif

#define SYSCALL_INSNS_12 "xchg %%ebx,%%edx ; " SYSCALL_INSNS " ; xchg %%ebx,%%edx"

static inline long __syscall0(long n)
{
\tunsigned long __ret;
\t__asm__ __volatile__ (SYSCALL_INSNS : "=a"(__ret) : "a"(n) : "memory");
\treturn __ret;
}

#define VDSO_USEFUL
#define VDSO_CGT_SYM "__vdso_clock_gettime64"
`;

const AARCH64_ARCH_H = `#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

#define __asm_syscall(...) do { \\
\t__asm__ __volatile__ ( "svc 0" \\
\t: "=r"(x0) : __VA_ARGS__ : "memory", "cc"); \\
\treturn x0; \\
\t} while (0)

static inline long __syscall1(long n, long a)
{
\tregister long x8 __asm__("x8") = n;
\t__asm_syscall("r"(x8));
}

#define VDSO_USEFUL
#define IPC_64 0
`;

describe('rewriteArchSyscallHeader', () => {
  it('keeps i386 64-bit argument splitting and drops the trap, its helpers and the vDSO', () => {
    const out = rewriteArchSyscallHeader('i386', I386_ARCH_H);
    expect(out).toContain('#define __SYSCALL_LL_E(x) \\\n((union { long long ll; long l[2]; }){ .ll = x }).l[0], \\\n');
    expect(out).toContain('#define __SYSCALL_LL_O(x) __SYSCALL_LL_E((x))');
    expect(out).not.toMatch(/SYSCALL_INSNS|__syscall0|VDSO_|#if SYSCALL_NO_TLS|#else|#endif/);
  });

  it('keeps IPC_64 on aarch64 and removes the multi-line __asm_syscall macro', () => {
    const out = rewriteArchSyscallHeader('aarch64', AARCH64_ARCH_H);
    expect(out).toContain('#define IPC_64 0');
    expect(out).not.toMatch(/svc|__asm_syscall|while \(0\)|__asm__/);
  });

  it('refuses a header without trap functions', () => {
    expect(() => rewriteArchSyscallHeader('x86_64', '#define IPC_64 0\n')).toThrow(RewriteMismatch);
  });
});
