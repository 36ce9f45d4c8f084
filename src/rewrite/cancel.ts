// Cancellation points keep musl's mechanism: __syscall_cp → __syscall_cp_c → __syscall_cp_asm,
// whose region [__cp_begin, __cp_end) the SIGCANCEL handler tests. What travels down that chain
// is the backend function of the site instead of its number, so the cancellable call still names
// syscall_SYS_read and friends; syscall_cp.s jumps to it where it used to trap. The two C files
// of the chain only change the type of `nr` and call through it.

import { DEFAULT_NAMING, functionName, type BackendNaming } from '../model/naming.js';
import { replaceOnce } from './text.js';

export const SYSCALL_CP_C = 'src/thread/__syscall_cp.c';
export const PTHREAD_CANCEL_C = 'src/thread/pthread_cancel.c';

export function rewriteSyscallCp(text: string): string {
  const f = SYSCALL_CP_C;
  text = replaceOnce(f, text, 'static long sccp(syscall_arg_t nr,', 'static long sccp(__backend_fn nr,');
  text = replaceOnce(f, text, 'return __syscall(nr, u, v, w, x, y, z);', 'return nr(u, v, w, x, y, z);');
  text = replaceOnce(f, text, 'long (__syscall_cp)(syscall_arg_t nr,', 'long (__syscall_cp)(__backend_fn nr,');
  return text;
}

export function rewritePthreadCancel(text: string, naming: BackendNaming = DEFAULT_NAMING): string {
  const f = PTHREAD_CANCEL_C;
  const close = `(__backend_fn)${functionName('syscall_SYS_close', naming)}`;
  text = replaceOnce(
    f,
    text,
    'long __syscall_cp_asm(volatile void *, syscall_arg_t,',
    'long __syscall_cp_asm(volatile void *, __backend_fn,',
  );
  text = replaceOnce(
    f,
    text,
    'long __syscall_cp_c(syscall_arg_t nr,',
    '/* musl-patch: nr is the backend function of the call, not its number. */\nlong __syscall_cp_c(__backend_fn nr,',
  );
  text = replaceOnce(f, text, 'nr==SYS_close))', `nr==${close}))`);
  text = replaceOnce(f, text, 'return __syscall(nr, u, v, w, x, y, z);', 'return nr(u, v, w, x, y, z);');
  text = replaceOnce(f, text, 'nr!=SYS_close', `nr!=${close}`);
  return text;
}
