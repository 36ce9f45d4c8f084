// Edit of arch/<arch>/syscall_arch.h: only the trap goes. The inline __syscallN functions and
// the macros that exist only to build them (SYSCALL_INSNS*, __asm_syscall) are removed, and so
// are the VDSO_* macros: without VDSO_USEFUL, clock_gettime and getcpu are ordinary backend
// calls (syscall_SYS_clock_gettime...) instead of a jump into a Linux vDSO the kernel lacks.
// Everything else the header defines stays: IPC_64, __SYSCALL_LL_E/O (i386 splits 64-bit
// arguments in two), SYSCALL_MMAP2_UNIT, SYSCALL_FADVISE_6_ARG and the like. Only code counts:
// a `#define` inside a comment (riscv64's commented-out vDSO names before 1.2.6) stays as it is.

import { blankComments } from '../c/index.js';
import { closingBrace, removeBlocks } from './syscall-header.js';
import { RewriteMismatch } from './text.js';

export const archSyscallHeaderPath = (arch: string): string => `arch/${arch}/syscall_arch.h`;

const TRAP_MACROS = [/^SYSCALL_INSNS\w*$/, /^__asm_syscall$/, /^VDSO_\w+$/];

const NOTE = `/* musl-patch: the trap functions are gone (src/internal/syscall_backend.h turns every
 * system call into a backend call) and the vDSO is not used; everything else stays. */`;

export function rewriteArchSyscallHeader(arch: string, text: string): string {
  const file = archSyscallHeaderPath(arch);
  let functions = 0;
  const code = blankComments(text).split('\n');
  const lines = removeBlocks(text.split('\n'), (lines, i) => {
    if (/^static\s+(__inline|inline)\s+long\s+__syscall\d\s*\(/.test(code[i])) {
      functions++;
      return { end: closingBrace(lines, i), replacement: [] };
    }
    const define = /^#define\s+(\w+)/.exec(code[i]);
    if (define && TRAP_MACROS.some((re) => re.test(define[1]))) {
      let end = i;
      while (lines[end].endsWith('\\')) end++;
      return { end, replacement: [] };
    }
    return null;
  });
  if (functions === 0) throw new RewriteMismatch(file, 'no static inline __syscallN functions found');
  const result = [NOTE, ...dropEmptyConditionals(lines)].join('\n');
  if (/\b(__asm__|asm)\b/.test(result)) throw new RewriteMismatch(file, 'inline assembly left after removing the trap functions');
  return result;
}

/** `#if X` / `#else` / `#endif` groups left with nothing but blank lines in them. */
function dropEmptyConditionals(lines: string[]): string[] {
  let text = lines.join('\n');
  const empty = /^#if[^\n]*\n(?:[ \t]*\n)*(?:#else[^\n]*\n(?:[ \t]*\n)*)?#endif[^\n]*\n(?:[ \t]*\n)?/m;
  while (empty.test(text)) text = text.replace(empty, '');
  return text.split('\n');
}
