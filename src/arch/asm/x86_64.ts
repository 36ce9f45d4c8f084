// x86_64's assembly contract (the shared rules: asm/common.ts).

import { clone, CP_HEADER, rtSigreturn } from './common.js';
import type { AsmSite } from '../types.js';
import { type BackendNaming } from '../../model/naming.js';

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

const X86_64_SET_THREAD_AREA = `/* musl-patch: was __set_thread_area.s; arch_prctl(ARCH_SET_FS, p) as a backend call. */
#include "pthread_impl.h"
#include "syscall.h"

int __set_thread_area(void *p)
{
	return __syscall(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, p);
}
`;

export const X86_64_ASM: AsmSite[] = [
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
];
