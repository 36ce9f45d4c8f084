// Small, exact text operations the rewrite is built from. Every edit either matches what it
// expects or throws, so a musl version that drifted is reported instead of silently mis-patched.

/** Thrown when a musl source does not look the way an edit expects (an unsupported version). */
export class RewriteMismatch extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'RewriteMismatch';
  }
}

/** Replace the single occurrence of `search` in `text`; throws when it occurs zero or several times. */
export function replaceOnce(file: string, text: string, search: string, replacement: string): string {
  const first = text.indexOf(search);
  if (first < 0) throw new RewriteMismatch(file, `expected text not found: ${JSON.stringify(search)}`);
  if (text.indexOf(search, first + 1) >= 0) {
    throw new RewriteMismatch(file, `expected text occurs more than once: ${JSON.stringify(search)}`);
  }
  return text.slice(0, first) + replacement + text.slice(first + search.length);
}

/**
 * Split the arguments of a call or macro invocation the way the C preprocessor does: only
 * parentheses nest (braces and brackets do not), string/char literals and comments are skipped.
 * `open` is the index of the `(`. Returns the trimmed arguments and the index just past `)`.
 */
export function splitArgs(text: string, open: number): { args: string[]; end: number } {
  if (text[open] !== '(') throw new Error(`splitArgs: no "(" at ${open}`);
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = skipLiteral(text, i);
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        // `f()` has no arguments, `f(a,)` has an empty last one.
        if (last !== '' || args.length > 0) args.push(last);
        return { args, end: i + 1 };
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`splitArgs: unbalanced parentheses from ${open}`);
}

function skipLiteral(text: string, quoteAt: number): number {
  const quote = text[quoteAt];
  for (let i = quoteAt + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
    else if (text[i] === '\n') return i; // unterminated: stop at the line end like the compiler would
  }
  return text.length;
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
