// Edit of src/internal/syscall.h: musl's syscall macro family (and the inline __alt_socketcall
// that tries a direct socket syscall before SYS_socketcall) gives way to syscall_backend.h.
// Everything else in the header (SYS_ aliases, __sys_open, __sys_wait4, SYSCALL_* defaults) stays.

import { GENERIC_HEADER_PATH } from './backend-header.js';
import { RewriteMismatch } from './text.js';

export const SYSCALL_HEADER_PATH = 'src/internal/syscall.h';

/** Macros whose musl definitions are replaced by syscall_backend.h. */
export const REPLACED_MACROS: readonly string[] = [
  ...[1, 2, 3, 4, 5, 6, 7].map((n) => `__syscall${n}`),
  '__syscall',
  'syscall',
  'socketcall',
  'socketcall_cp',
  ...[0, 1, 2, 3, 4, 5, 6].map((n) => `__syscall_cp${n}`),
  '__syscall_cp',
  'syscall_cp',
  '__socketcall',
  '__socketcall_cp',
];

const INCLUDE_LINE = `#include "${GENERIC_HEADER_PATH.split('/').pop()}"`;

export function rewriteSyscallHeader(text: string): string {
  const file = SYSCALL_HEADER_PATH;
  // `__syscall_cp` is re-declared by the backend header with the backend function first.
  const decl = /^hidden long __syscall_ret\(unsigned long\),\s*\n\s*__syscall_cp\([^;]*\);\n/m;
  if (!decl.test(text)) throw new RewriteMismatch(file, 'no "hidden long __syscall_ret(...), __syscall_cp(...);" declaration');
  text = text.replace(decl, 'hidden long __syscall_ret(unsigned long);\n');

  const removed = new Set<string>();
  let alt = false;
  const lines = removeBlocks(text.split('\n'), (lines, i) => {
    const define = /^#define\s+(\w+)\(/.exec(lines[i]);
    if (define && REPLACED_MACROS.includes(define[1])) {
      if (removed.has(define[1])) throw new RewriteMismatch(file, `macro ${define[1]} defined twice`);
      removed.add(define[1]);
      let end = i;
      while (lines[end].endsWith('\\')) end++; // continuation lines go with the definition
      return { end, replacement: define[1] === '__syscall' ? [INCLUDE_LINE] : [] };
    }
    if (/^static inline long __alt_socketcall\(/.test(lines[i])) {
      alt = true;
      return { end: closingBrace(lines, i), replacement: [] };
    }
    return null;
  });
  const missing = REPLACED_MACROS.filter((m) => !removed.has(m));
  if (missing.length > 0) throw new RewriteMismatch(file, `macros not found: ${missing.join(', ')}`);
  if (!alt) throw new RewriteMismatch(file, 'no "static inline long __alt_socketcall(" function');
  return lines.join('\n');
}

/** What to do with the block starting at line i: drop lines i..end and put `replacement` there. */
export type BlockMatcher = (lines: string[], i: number) => { end: number; replacement: string[] } | null;

/**
 * Remove the blocks `match` recognises. A blank line that would follow another blank line (or
 * open the file) after a removal is dropped too, so removals do not leave runs of empty lines;
 * blank runs elsewhere stay as they were.
 */
export function removeBlocks(lines: string[], match: BlockMatcher): string[] {
  const out: string[] = [];
  let afterRemoval = false;
  for (let i = 0; i < lines.length; i++) {
    const hit = match(lines, i);
    if (hit) {
      out.push(...hit.replacement);
      i = hit.end;
      afterRemoval = hit.replacement.length === 0;
      continue;
    }
    const blank = lines[i].trim() === '';
    if (afterRemoval && blank && (out.length === 0 || out[out.length - 1].trim() === '')) continue;
    afterRemoval = afterRemoval && blank;
    out.push(lines[i]);
  }
  return out;
}

/** Index of the line holding the `}` that closes a function starting at line `start` (column 0). */
export function closingBrace(lines: string[], start: number): number {
  for (let i = start; i < lines.length; i++) if (lines[i] === '}') return i;
  throw new Error(`no closing brace after line ${start + 1}`);
}
