// A C preprocessing-token lexer, enough for `#if` expressions and macro expansion.

export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Whitespace before the token (matters for stringizing only; kept as a flag). */
  space: boolean;
}

const PUNCTUATORS = [
  '...', '<<=', '>>=', '##', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=',
];

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let space = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\\') {
      space = true;
      i++;
      continue;
    }
    let j = i + 1;
    let kind: TokenKind;
    if (/[A-Za-z_$]/.test(c)) {
      while (j < n && /[\w$]/.test(text[j])) j++;
      // Encoding prefixes glue onto the literal: L"x", u8"x".
      if (j < n && (text[j] === '"' || text[j] === "'") && /^(L|u|U|u8)$/.test(text.slice(i, j))) {
        j = literalEnd(text, j);
        kind = text[i + (j - i) - 1] === "'" ? 'char' : 'string';
      } else kind = 'ident';
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      // pp-number: digits, letters, dots, and exponent signs.
      while (j < n && (/[\w.]/.test(text[j]) || ((text[j] === '+' || text[j] === '-') && /[eEpP]/.test(text[j - 1])))) j++;
      kind = 'number';
    } else if (c === '"' || c === "'") {
      j = literalEnd(text, i);
      kind = c === '"' ? 'string' : 'char';
    } else {
      const p = PUNCTUATORS.find((p) => text.startsWith(p, i));
      j = i + (p ? p.length : 1);
      kind = 'punct';
    }
    out.push({ kind, text: text.slice(i, j), space });
    space = false;
    i = j;
  }
  return out;
}

function literalEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}

/** Tokens back to text, one space where the source had whitespace. */
export function spell(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += (t.space && s.length > 0 ? ' ' : '') + t.text;
  return s;
}

/**
 * Splits the tokens between a call's parentheses into top-level arguments.
 * `tokens[open]` must be '('; returns the arguments and the index of the matching ')' (or -1).
 */
export function splitArguments(tokens: Token[], open: number): { args: Token[][]; close: number } {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      // Like cpp, only parentheses group: `{a, b}` at top level is two arguments.
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) return { args, close: i };
        depth--;
      } else if (t.text === ',' && depth === 0) {
        args.push([]);
        continue;
      }
    }
    args[args.length - 1].push(t);
  }
  return { args, close: -1 };
}
