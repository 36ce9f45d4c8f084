// Text-level helpers for C/C++ sources: masking comments and strings (positions preserved) so that
// plain scans over the text never match inside them, and line numbers from offsets.

/** Replaces comments by spaces (newlines kept); string and char literals stay as written. */
export function blankComments(text: string): string {
  return mask(text, false);
}

/**
 * Code only: comments, the contents of string/char literals (quotes kept) and preprocessor
 * directive lines (with their continuations) become spaces; newlines are kept.
 */
export function codeOnly(text: string): string {
  const chars = mask(text, true).split('');
  let lineStart = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\n') {
      lineStart = true;
    } else if (lineStart && c === '#') {
      // Blank up to the end of the directive, following backslash continuations.
      while (i < chars.length && !(chars[i] === '\n' && text[i - 1] !== '\\')) {
        if (chars[i] !== '\n') chars[i] = ' ';
        i++;
      }
      i--;
    } else if (c !== ' ' && c !== '\t' && c !== '\r') {
      lineStart = false;
    }
  }
  return chars.join('');
}

/**
 * Blanks GCC's register-variable specifier (`register long r10 __asm__("r10") = d;`), which the
 * C grammar does not parse; positions are kept so line numbers stay right.
 */
export function blankRegisterAsm(text: string): string {
  return text.replace(/(\bregister\b[^;={}()]*?)\b(__asm__|__asm|asm)\s*\(\s*"[^"\n]*"\s*\)/g, (whole, decl: string) => decl + ' '.repeat(whole.length - decl.length));
}

/**
 * clang's nullability qualifiers (`stack_t *_Nullable ss`, `_Nonnull`, `_Null_unspecified` and
 * the `__nullable` spellings) are unknown to the grammars: blanked in code, positions kept.
 */
export function blankNullability(text: string): string {
  const code = codeOnly(text);
  let out = text;
  for (const m of code.matchAll(/\b(?:_Nullable|_Nonnull|_Null_unspecified|__nullable|__nonnull|__null_unspecified)\b/g)) {
    out = out.slice(0, m.index) + ' '.repeat(m[0].length) + out.slice(m.index + m[0].length);
  }
  return out;
}

function mask(text: string, blankStrings: boolean): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '/') {
      let stop = i;
      while (stop < text.length && !(text[stop] === '\n' && text[stop - 1] !== '\\')) stop++;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let stop = i + 1;
      while (stop < text.length && text[stop] !== c && text[stop] !== '\n') stop += text[stop] === '\\' ? 2 : 1;
      if (blankStrings) blank(i + 1, Math.min(stop, text.length));
      i = stop + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** `text` with [from, to) replaced by spaces, newlines kept, so positions stay valid. */
export function blankRange(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
}
