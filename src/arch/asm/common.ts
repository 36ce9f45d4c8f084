// The assembly contract: musl's trap-holding assembly files and what the patched musl does
// instead, one file per arch in this directory (its table entry points at it). It is the backend
// contract for the places C macros cannot reach; every arch follows the same rules:
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
//
// Shared here: the syscall_cp.s symbol header, the rt_sigreturn entry's name, and __clone as a
// jump to the backend's clone function.

import { functionName, type BackendNaming } from '../../model/naming.js';

export const CP_HEADER = `.global __cp_begin
.hidden __cp_begin
.global __cp_end
.hidden __cp_end
.global __cp_cancel
.hidden __cp_cancel
.hidden __cancel
.global __syscall_cp_asm
.hidden __syscall_cp_asm
`;

export const rtSigreturn = (n: BackendNaming) => functionName('syscall_SYS_rt_sigreturn', n);

export const clone = (type: string, jump: string) => (n: BackendNaming) => `/* musl-patch: __clone(func, stack, flags, arg, ptid, tls, ctid) is the backend's
 * ${n.clone}, with the same arguments and contract. */
.text
.global __clone
.hidden __clone
.type   __clone,${type}
__clone:
	${jump} ${n.clone}
`;
