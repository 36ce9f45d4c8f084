// Text helpers shared by the C and assembly scanners. Every transformation keeps the text's length
// and line breaks, so offsets, lines and columns found later still point into the original file.

/** Replaces C comments (block and line) with spaces; string and character literals are kept. */
export function blankComments(text: string): string {
  // Fast path: most of a file is neither a comment nor a literal; copy it in chunks.
  const special = /["'/]/g;
  let out = '';
  let copied = 0;
  let m: RegExpExecArray | null;
  while ((m = special.exec(text))) {
    const i = m.index;
    const c = text[i];
    if (c === '"' || c === "'") {
      special.lastIndex = skipLiteral(text, i);
      continue;
    }
    let stop: number;
    if (text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      stop = end < 0 ? text.length : end + 2;
    } else if (text[i + 1] === '/') {
      // A line comment ends at a newline that is not escaped by a backslash.
      stop = i;
      do {
        stop = text.indexOf('\n', stop + 1);
      } while (stop > 0 && text[stop - 1] === '\\');
      if (stop < 0) stop = text.length;
    } else continue;
    out += text.slice(copied, i) + text.slice(i, stop).replace(/[^\n]/g, ' ');
    copied = stop;
    special.lastIndex = stop;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Index just after the string or character literal that starts at `start`. */
function skipLiteral(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i; // unterminated (assembler text, apostrophes in #error): stop at the line end
    else i++;
  }
  return i;
}

/** Offsets where each line starts, for offset → line/column conversion. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of `offset`. */
export function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** Overwrites `text[start, end)` with spaces, keeping newlines. */
export function blankRange(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
}
