// aarch64's assembly contract (the shared rules: asm/common.ts).

import { clone, CP_HEADER, rtSigreturn } from './common.js';
import type { AsmSite } from '../types.js';
import { type BackendNaming } from '../../model/naming.js';

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

export const AARCH64_ASM: AsmSite[] = [
  { arch: 'aarch64', file: 'src/thread/aarch64/syscall_cp.s', action: { kind: 'rewrite', content: () => AARCH64_SYSCALL_CP }, references: [] },
  { arch: 'aarch64', file: 'src/signal/aarch64/restore.s', action: { kind: 'rewrite', content: AARCH64_RESTORE }, references: ['syscall_SYS_rt_sigreturn'] },
  { arch: 'aarch64', file: 'src/thread/aarch64/clone.s', action: { kind: 'rewrite', content: clone('%function', 'b') }, references: ['@clone'] },
  { arch: 'aarch64', file: 'src/process/aarch64/vfork.s', action: { kind: 'generic' }, references: ['syscall_SYS_clone'] },
  { arch: 'aarch64', file: 'src/thread/aarch64/__unmapself.s', action: { kind: 'generic' }, references: ['syscall_SYS_munmap', 'syscall_SYS_exit'] },
];
