// i386's assembly contract (the shared rules: asm/common.ts).

import { clone, CP_HEADER, rtSigreturn } from './common.js';
import type { AsmSite } from '../types.js';
import { functionName, type BackendNaming } from '../../model/naming.js';

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

export const I386_ASM: AsmSite[] = [
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
];
