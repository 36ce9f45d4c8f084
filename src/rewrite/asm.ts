// The assembly trap sites and what the patched musl does instead. This is the backend contract
// for the places C macros cannot reach:
//
// - syscall_cp.s (cancellation point): same region [__cp_begin, __cp_end) and flag test; the
//   trap becomes a call of the backend function handed down by __syscall_cp (a tail jump on
//   x86_64/aarch64; on i386 the six arguments are copied and the call keeps 16-byte alignment).
// - restore.s (signal return trampoline): jumps — never calls — to syscall_SYS_rt_sigreturn
//   (and syscall_SYS_sigreturn for i386 __restore) with the stack pointer exactly as the kernel
//   left it: the backend function must not return and must treat the stack as the signal frame.
// - clone.s: __clone(func, stack, flags, arg, ptid, tls, ctid) jumps to the backend's
//   syscall_clone with the same arguments and musl's __clone contract: in the parent return the
//   child's tid or -errno; in the child run func(arg) on `stack` and exit the thread with its result.
// - vfork.s: removed. musl's generic vfork.c (`syscall(SYS_fork)`, or SYS_clone with SIGCHLD on
//   aarch64) takes over: a vfork child would clobber the stack frame of a C backend call.
// - __unmapself.s: removed. musl's generic __unmapself.c switches to a static stack (CRTJMP, no
//   trap) before calling syscall_SYS_munmap and syscall_SYS_exit, since unmapping the current
//   stack under a C call cannot return.
// - __set_thread_area.s: rewritten in C (x86_64 arch_prctl(ARCH_SET_FS); i386 set_thread_area
//   with the modify_ldt fallback, then the %gs load), so its calls are ordinary backend calls.
// - i386 defsysinfo.s: the default AT_SYSINFO entry (`int $128; ret`) becomes a shim from the
//   vsyscall register convention (eax = number, ebx..ebp = arguments) to syscall_n.

import { DEFAULT_NAMING, functionName, type BackendNaming } from './naming.js';

export type AsmAction =
  /** The file keeps its path with new, trap-free content. */
  | { kind: 'rewrite'; content: (naming: BackendNaming) => string }
  /** The file is deleted; musl's generic C file of the same name is compiled instead. */
  | { kind: 'generic' }
  /** The file is deleted and a C file of the same name in the same arch directory replaces it. */
  | { kind: 'c'; path: string; content: string };

export interface AsmSite {
  arch: string;
  file: string;
  action: AsmAction;
  /**
   * What the replacement references besides constant sites visible in the pristine C sources:
   * macro-layer keys (`syscall_SYS_fork`), or `@dynamic` / `@clone` for the fixed names.
   */
  references: string[];
}

const CP_HEADER = `.global __cp_begin
.hidden __cp_begin
.global __cp_end
.hidden __cp_end
.global __cp_cancel
.hidden __cp_cancel
.hidden __cancel
.global __syscall_cp_asm
.hidden __syscall_cp_asm
`;

const X86_64_SYSCALL_CP = `/* musl-patch: __syscall_cp_asm(&self->cancel, fn, u, v, w, x, y, z)
 *                              rdi            rsi rdx rcx r8 r9 8(%rsp) 16(%rsp)
 * After the cancellation test, fn(u, v, w, x, y, z) is a tail call into the backend where
 * the syscall instruction used to be; the backend returns straight to __syscall_cp_c. */
.text
${CP_HEADER}.type   __syscall_cp_asm,@function
__syscall_cp_asm:

__cp_begin:
	mov (%rdi),%eax
	test %eax,%eax
	jnz __cp_cancel
	mov %rsi,%rax
	mov %rdx,%rdi
	mov %rcx,%rsi
	mov %r8,%rdx
	mov %r9,%rcx
	mov 8(%rsp),%r8
	mov 16(%rsp),%r9
	jmp *%rax
__cp_end:
__cp_cancel:
	jmp __cancel
`;

const I386_SYSCALL_CP = `/* musl-patch: __syscall_cp_asm(&self->cancel, fn, u, v, w, x, y, z), all on the stack.
 * The six arguments are copied below a 4-byte pad so the call is 16-byte aligned, then
 * fn(u, v, w, x, y, z) is called where int $128 used to be. */
.text
${CP_HEADER}.type   __syscall_cp_asm,@function
__syscall_cp_asm:
	sub $4,%esp
	pushl 36(%esp)
	pushl 36(%esp)
	pushl 36(%esp)
	pushl 36(%esp)
	pushl 36(%esp)
	pushl 36(%esp)
	mov 32(%esp),%ecx
__cp_begin:
	movl (%ecx),%eax
	testl %eax,%eax
	jnz __cp_cancel
	movl 36(%esp),%eax
	call *%eax
__cp_end:
	add $28,%esp
	ret
__cp_cancel:
	add $28,%esp
	jmp __cancel
`;

const AARCH64_SYSCALL_CP = `// musl-patch: __syscall_cp_asm(&self->cancel, fn, u, v, w, x, y, z)
//                               x0             x1  x2 x3 x4 x5 x6 x7
// After the cancellation test, fn(u, v, w, x, y, z) is a tail call into the backend where
// svc 0 used to be; the backend returns straight to __syscall_cp_c.

${CP_HEADER}.type __syscall_cp_asm,%function
__syscall_cp_asm:
__cp_begin:
	ldr w0,[x0]
	cbnz w0,__cp_cancel
	mov x16,x1
	mov x0,x2
	mov x1,x3
	mov x2,x4
	mov x3,x5
	mov x4,x6
	mov x5,x7
	br x16
__cp_end:
__cp_cancel:
	b __cancel
`;

const rtSigreturn = (n: BackendNaming) => functionName('syscall_SYS_rt_sigreturn', n);

const X86_64_RESTORE = (n: BackendNaming) => `/* musl-patch: the backend performs rt_sigreturn; entered by a jump, with the stack
 * pointer exactly as the kernel's signal frame left it. */
	nop
.global __restore_rt
.hidden __restore_rt
.type __restore_rt,@function
__restore_rt:
	jmp ${rtSigreturn(n)}
.size __restore_rt,.-__restore_rt
`;

const I386_RESTORE = (n: BackendNaming) => `/* musl-patch: the backend performs sigreturn / rt_sigreturn; entered by a jump, with the
 * stack pointer exactly as the kernel's signal frame expects. */
.global __restore
.hidden __restore
.type __restore,@function
__restore:
	popl %eax
	jmp ${functionName('syscall_SYS_sigreturn', n)}

.global __restore_rt
.hidden __restore_rt
.type __restore_rt,@function
__restore_rt:
	jmp ${rtSigreturn(n)}
`;

const AARCH64_RESTORE = (n: BackendNaming) => `// musl-patch: the backend performs rt_sigreturn; entered by a branch, with sp exactly as
// the kernel's signal frame left it.
.global __restore
.hidden __restore
.type __restore,%function
__restore:
.global __restore_rt
.hidden __restore_rt
.type __restore_rt,%function
__restore_rt:
	b ${rtSigreturn(n)}
`;

const clone = (type: string, jump: string) => (n: BackendNaming) => `/* musl-patch: __clone(func, stack, flags, arg, ptid, tls, ctid) is the backend's
 * ${n.clone}, with the same arguments and contract. */
.text
.global __clone
.hidden __clone
.type   __clone,${type}
__clone:
	${jump} ${n.clone}
`;

const I386_DEFSYSINFO = (n: BackendNaming) => `/* musl-patch: the default AT_SYSINFO entry. Callers use the vsyscall convention (eax =
 * number, ebx, ecx, edx, esi, edi, ebp = arguments, only eax changes); it becomes
 * ${n.dynamic}(nr, a, b, c, d, e, f). */
1:	push %ecx
	push %edx
	push %ebp
	push %edi
	push %esi
	push %edx
	push %ecx
	push %ebx
	push %eax
	call ${n.dynamic}
	add $28,%esp
	pop %edx
	pop %ecx
	ret

.data
.align 4
.hidden __sysinfo
.global __sysinfo
__sysinfo:
	.long 1b
`;

const X86_64_SET_THREAD_AREA = `/* musl-patch: was __set_thread_area.s; arch_prctl(ARCH_SET_FS, p) as a backend call. */
#include "pthread_impl.h"
#include "syscall.h"

int __set_thread_area(void *p)
{
	return __syscall(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, p);
}
`;

const I386_SET_THREAD_AREA = `/* musl-patch: was __set_thread_area.s. A GDT TLS entry through set_thread_area (the entry
 * number is kept for the next thread), else LDT entry 0 through modify_ldt; then %gs. */
#include "pthread_impl.h"
#include "syscall.h"

static int gdt_entry = -1;

int __set_thread_area(void *p)
{
	/* struct user_desc: entry_number, base_addr, limit, flags (seg_32bit, limit_in_pages, useable) */
	unsigned desc[4] = { gdt_entry, (unsigned)p, 0xfffff, 0x51 };
	int r = __syscall(SYS_set_thread_area, desc);
	if (!r) {
		gdt_entry = desc[0];
		__asm__ __volatile__ ( "movw %w0,%%gs" : : "r"(desc[0]*8+3) );
		return 0;
	}
	desc[0] = 0;
	r = __syscall(SYS_modify_ldt, 1, desc, 16);
	if (r) return r;
	__asm__ __volatile__ ( "movw %w0,%%gs" : : "r"(7) );
	return 1;
}
`;

const SITES: AsmSite[] = [
  { arch: 'x86_64', file: 'src/thread/x86_64/syscall_cp.s', action: { kind: 'rewrite', content: () => X86_64_SYSCALL_CP }, references: [] },
  { arch: 'x86_64', file: 'src/signal/x86_64/restore.s', action: { kind: 'rewrite', content: X86_64_RESTORE }, references: ['syscall_SYS_rt_sigreturn'] },
  { arch: 'x86_64', file: 'src/thread/x86_64/clone.s', action: { kind: 'rewrite', content: clone('@function', 'jmp') }, references: ['@clone'] },
  { arch: 'x86_64', file: 'src/process/x86_64/vfork.s', action: { kind: 'generic' }, references: ['syscall_SYS_fork'] },
  { arch: 'x86_64', file: 'src/thread/x86_64/__unmapself.s', action: { kind: 'generic' }, references: ['syscall_SYS_munmap', 'syscall_SYS_exit'] },
  {
    arch: 'x86_64',
    file: 'src/thread/x86_64/__set_thread_area.s',
    action: { kind: 'c', path: 'src/thread/x86_64/__set_thread_area.c', content: X86_64_SET_THREAD_AREA },
    references: ['syscall_SYS_arch_prctl'],
  },

  { arch: 'i386', file: 'src/thread/i386/syscall_cp.s', action: { kind: 'rewrite', content: () => I386_SYSCALL_CP }, references: [] },
  { arch: 'i386', file: 'src/signal/i386/restore.s', action: { kind: 'rewrite', content: I386_RESTORE }, references: ['syscall_SYS_sigreturn', 'syscall_SYS_rt_sigreturn'] },
  { arch: 'i386', file: 'src/thread/i386/clone.s', action: { kind: 'rewrite', content: clone('@function', 'jmp') }, references: ['@clone'] },
  { arch: 'i386', file: 'src/internal/i386/defsysinfo.s', action: { kind: 'rewrite', content: I386_DEFSYSINFO }, references: ['@dynamic'] },
  { arch: 'i386', file: 'src/process/i386/vfork.s', action: { kind: 'generic' }, references: ['syscall_SYS_fork'] },
  { arch: 'i386', file: 'src/thread/i386/__unmapself.s', action: { kind: 'generic' }, references: ['syscall_SYS_munmap', 'syscall_SYS_exit'] },
  {
    arch: 'i386',
    file: 'src/thread/i386/__set_thread_area.s',
    action: { kind: 'c', path: 'src/thread/i386/__set_thread_area.c', content: I386_SET_THREAD_AREA },
    references: ['syscall_SYS_set_thread_area', 'syscall_SYS_modify_ldt'],
  },

  { arch: 'aarch64', file: 'src/thread/aarch64/syscall_cp.s', action: { kind: 'rewrite', content: () => AARCH64_SYSCALL_CP }, references: [] },
  { arch: 'aarch64', file: 'src/signal/aarch64/restore.s', action: { kind: 'rewrite', content: AARCH64_RESTORE }, references: ['syscall_SYS_rt_sigreturn'] },
  { arch: 'aarch64', file: 'src/thread/aarch64/clone.s', action: { kind: 'rewrite', content: clone('%function', 'b') }, references: ['@clone'] },
  { arch: 'aarch64', file: 'src/process/aarch64/vfork.s', action: { kind: 'generic' }, references: ['syscall_SYS_clone'] },
  { arch: 'aarch64', file: 'src/thread/aarch64/__unmapself.s', action: { kind: 'generic' }, references: ['syscall_SYS_munmap', 'syscall_SYS_exit'] },
];

export function asmSites(arch: string): AsmSite[] {
  return SITES.filter((s) => s.arch === arch);
}

/**
 * The backend functions the rewritten assembly sites reference on an arch (for the scanner's
 * prediction: these are not visible as constant sites in the pristine C sources); `sites` narrows
 * it to the files a given musl version has.
 */
export function asmSiteFunctions(arch: string, naming: BackendNaming = DEFAULT_NAMING, sites: AsmSite[] = SITES): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of sites.filter((s) => s.arch === arch)) out[s.file] = s.references.map((r) => referenceName(r, naming));
  return out;
}

export function referenceName(ref: string, naming: BackendNaming): string {
  if (ref === '@dynamic') return naming.dynamic;
  if (ref === '@clone') return naming.clone;
  return functionName(ref, naming);
}

/** Trap instructions in assembly source, per arch (comments are stripped before matching). */
export const ASM_TRAP: Record<string, RegExp> = {
  x86_64: /^\s*(\w+:\s*)?(syscall|sysenter|int\s+\$(128|0x80))\b/m,
  i386: /^\s*(\w+:\s*)?(int\s+\$(128|0x80)|sysenter|call\s+\*%gs:(16|0x10))\b/m,
  aarch64: /^\s*(\w+:\s*)?svc\b/m,
};

export function stripAsmComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').replace(/#[^\n]*/g, '');
}
