// Prepares musl sources so that tree-sitter-c parses them cleanly without moving any character.

import { blankRange } from '../c/index.js';

/**
 * Blanks (same-length spaces) what tree-sitter-c cannot parse in musl (DESIGN §5): the
 * `extern "C" {` guards, the `hidden` visibility macro, `complex` in `double complex`, and asm
 * register/label bindings such as `register long x8 __asm__("x8")`. Directive lines are left
 * alone. `code` must already be comment-free; `directiveLines` holds 1-based directive lines.
 */
export function prepareForParse(code: string, directiveLines: ReadonlySet<number>): string {
  const ranges: [number, number][] = [];
  // `#ifdef __cplusplus` … `#endif` (or `#else`) blocks: their lines are C++ only.
  for (const m of code.matchAll(CXX_GUARD)) ranges.push([m.index + m[0].length - m[1].length, m.index + m[0].length]);
  // Words to blank are rare: find them in the whole text, then skip those on directive lines.
  let line = 1;
  let counted = 0;
  for (const m of code.matchAll(WORDS)) {
    line += countNewlines(code, counted, m.index);
    counted = m.index;
    if (!directiveLines.has(line)) ranges.push([m.index, m.index + m[0].length]);
  }
  if (ranges.length === 0) return code;
  const chars = code.split('');
  for (const [start, end] of ranges) blankRange(chars, start, end);
  return chars.join('');
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const CXX_GUARD = /^[ \t]*#[ \t]*if(?:def[ \t]+__cplusplus|[ \t]+defined[ \t]*\(?[ \t]*__cplusplus[ \t]*\)?)[^\n]*\n((?:(?![ \t]*#)[^\n]*\n)*)/gm;
const WORDS = /\b(?:hidden|complex)\b|\b(?:__asm__|__asm|asm)\s*\(\s*"[^"\n]*"\s*\)(?=\s*(?:[=;,)]|__attribute__))/g;
