// riscv64's assembly contract (the shared rules: asm/common.ts). Arguments in a0-a7, result in a0;
// every jump into the backend is a tail jump (`tail` clobbers only t1), so ra still holds the
// caller's return address. __set_thread_area.s (`mv tp, a0`) has no trap and stays as it is.

import { clone, CP_HEADER, rtSigreturn } from './common.js';
import type { AsmSite } from '../types.js';
import type { BackendNaming } from '../../model/naming.js';

const RISCV64_SYSCALL_CP = `# musl-patch: __syscall_cp_asm(&self->cancel, fn, u, v, w, x, y, z)
#                               a0             a1  a2 a3 a4 a5 a6 a7
# After the cancellation test, fn(u, v, w, x, y, z) is a tail call into the backend where
# ecall used to be; the backend returns straight to __syscall_cp_c.

${CP_HEADER}.type __syscall_cp_asm, %function
__syscall_cp_asm:
__cp_begin:
	lw t0, 0(a0)
	bnez t0, __cp_cancel
	mv t0, a1
	mv a0, a2
	mv a1, a3
	mv a2, a4
	mv a3, a5
	mv a4, a6
	mv a5, a7
	jr t0
__cp_end:
__cp_cancel:
	tail __cancel
`;

const RISCV64_RESTORE = (n: BackendNaming) => `# musl-patch: the backend performs rt_sigreturn; entered by a jump, with sp exactly as
# the kernel's signal frame left it.
.global __restore
.hidden __restore
.type __restore, %function
__restore:
.global __restore_rt
.hidden __restore_rt
.type __restore_rt, %function
__restore_rt:
	tail ${rtSigreturn(n)}
`;

export const RISCV64_ASM: AsmSite[] = [
  { arch: 'riscv64', file: 'src/thread/riscv64/syscall_cp.s', action: { kind: 'rewrite', content: () => RISCV64_SYSCALL_CP }, references: [] },
  { arch: 'riscv64', file: 'src/signal/riscv64/restore.s', action: { kind: 'rewrite', content: RISCV64_RESTORE }, references: ['syscall_SYS_rt_sigreturn'] },
  { arch: 'riscv64', file: 'src/thread/riscv64/clone.s', action: { kind: 'rewrite', content: clone('%function', 'tail') }, references: ['@clone'] },
  // No SYS_fork on riscv64: the generic vfork.c calls SYS_clone(SIGCHLD, 0). Not in musl before 1.2.4.
  { arch: 'riscv64', file: 'src/process/riscv64/vfork.s', action: { kind: 'generic' }, references: ['syscall_SYS_clone'] },
  { arch: 'riscv64', file: 'src/thread/riscv64/__unmapself.s', action: { kind: 'generic' }, references: ['syscall_SYS_munmap', 'syscall_SYS_exit'] },
];
