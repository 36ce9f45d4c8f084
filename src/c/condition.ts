// The one `#if` evaluator. Three outcomes: a value, or undecidable (null), so that code under a
// condition we cannot decide is kept and flagged instead of dropped. Values follow C's rules for
// preprocessor arithmetic: every operand is intmax_t or uintmax_t (64 bits), `u`-suffixed and
// too-large literals are unsigned, an unsigned operand makes the other unsigned (`-1 < 0u` is 0),
// octal literals are octal (`010 == 8`) and `1 << 31` is positive.

import type { MacroDefinition } from './directives.js';
import { ExpansionLimit, expandTokens, type ExpandEnv } from './expand.js';
import { lex, type Token } from './tokens.js';

export type Definedness = 'yes' | 'no' | 'unknown';

/** Sizes of C types on one arch, for the `sizeof` the compiler folds (c-types.ts implements it). */
export interface TypeSizes {
  /** Size of a type name given as words (`unsigned long`, `time_t`, `char *`); null when unknown. */
  typeSize(words: string[]): number | null;
  /** Size of `member` of `struct tag` / `union tag`. */
  memberSize(aggregate: string[], member: string): number | null;
}

export interface ConditionEnv extends ExpandEnv {
  defined(name: string): Definedness;
  /** `__has_include(<path>)` / `__has_include("path")`; unknown when absent. */
  hasInclude?(path: string, system: boolean): Definedness;
}

const UNKNOWN = '\u0000unknown';
/** The same conditions are evaluated once per including file: lex each text once. */
const lexCache = new Map<string, Token[]>();

/** The value of a `#if` expression: a number, or null when it depends on something unknown. */
export function evaluateIf(expr: string, env: ConditionEnv): bigint | null {
  let lexed = lexCache.get(expr);
  if (!lexed) lexCache.set(expr, (lexed = lex(expr)));
  const tokens = replaceDefined(lexed, env);
  // Most conditions are only `defined` tests: nothing is left to expand.
  const expanded = tokens.some((t) => t.kind === 'ident') ? expandTokens(tokens, env, (name) => name === UNKNOWN) : tokens;
  const parser = new Parser(expanded, env);
  try {
    const v = parser.ternary();
    return parser.done() && v ? v.v : null;
  } catch {
    return null;
  }
}

/**
 * The value of a C condition the compiler folds (`sizeof(long) == 4`,
 * `sizeof((struct kstat){0}.st_atime_sec) < sizeof(time_t)`) after macro expansion; 'runtime' when
 * it depends on a variable or a call (both branches are compiled); null for a constant we cannot
 * size (a member through a pointer, an unknown type).
 */
export function evaluateCConstant(condition: string, env: ExpandEnv, types: TypeSizes): bigint | null | 'runtime' {
  let parser: Parser | undefined;
  try {
    parser = new Parser(expandTokens(lex(condition), env), { ...env, defined: () => 'unknown' }, types);
    const v = parser.ternary();
    if (v !== null && parser.done()) return v.v;
  } catch (err) {
    if (err instanceof ExpansionLimit) throw err; // never a silently different answer
    // unsupported syntax: decided below by whether a variable was seen
  }
  return parser?.runtime ? 'runtime' : null;
}

/** `defined X` and `defined(X)` are decided before macro expansion, as the standard says. */
function replaceDefined(tokens: Token[], env: ConditionEnv): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'ident' && (t.text === '__has_include' || t.text === '__has_include_next') && tokens[i + 1]?.text === '(') {
      const close = tokens.findIndex((x, k) => k > i && x.text === ')');
      const inner = close < 0 ? '' : tokens.slice(i + 2, close).map((x) => x.text).join('');
      const m = /^(?:"([^"]+)"|<([^>]+)>)$/.exec(inner);
      const d = m && t.text === '__has_include' && env.hasInclude ? env.hasInclude(m[1] ?? m[2], m[1] === undefined) : 'unknown';
      out.push(known(d));
      i = close < 0 ? tokens.length : close;
      continue;
    }
    if (t.kind !== 'ident' || t.text !== 'defined') {
      out.push(t);
      continue;
    }
    let name: string | undefined;
    if (tokens[i + 1]?.text === '(' && tokens[i + 3]?.text === ')') {
      name = tokens[i + 2].text;
      i += 3;
    } else if (tokens[i + 1]?.kind === 'ident') {
      name = tokens[++i].text;
    }
    out.push(known(name === undefined ? 'unknown' : env.defined(name)));
  }
  return out;
}

function known(d: Definedness): Token {
  return { kind: d === 'unknown' ? 'ident' : 'number', text: d === 'yes' ? '1' : d === 'no' ? '0' : UNKNOWN, space: true };
}

/** A preprocessor integer: intmax_t, or uintmax_t when `unsigned`; null is unknown. */
type Int = { v: bigint; unsigned: boolean } | null;

const int = (v: bigint, unsigned = false): Int => ({ v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned });
const bool = (b: boolean): Int => int(b ? 1n : 0n);
const INTMAX_MAX = (1n << 63n) - 1n;

function parseNumber(text: string): Int {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uUlL]*)$/.exec(text);
  if (!m) return null;
  const digits = m[1];
  const v = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (v > (1n << 64n) - 1n) return null;
  return int(v, /u/i.test(m[2]) || v > INTMAX_MAX);
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

class Parser {
  private i = 0;
  /** With `types`, C rather than `#if`: `sizeof` and casts are read, other identifiers are unknown. */
  constructor(
    private readonly t: Token[],
    private readonly env: ConditionEnv,
    private readonly types?: TypeSizes,
  ) {}

  /** C mode: a variable or a call was read, so the value is only known at run time. */
  runtime = false;

  done(): boolean {
    return this.i === this.t.length;
  }

  private peek(): string | undefined {
    return this.t[this.i]?.text;
  }

  private expect(text: string): void {
    if (this.t[this.i]?.text !== text) throw new Error(`expected ${text}`);
    this.i++;
  }

  ternary(): Int {
    const c = this.binary(1);
    if (this.peek() !== '?') return c;
    this.i++;
    const a = this.ternary();
    this.expect(':');
    const b = this.ternary();
    // The usual arithmetic conversions: one unsigned branch makes the result unsigned.
    const unsigned = !!(a?.unsigned || b?.unsigned);
    const pick = (x: Int) => (x === null ? null : int(x.v, unsigned));
    if (c === null) return a !== null && b !== null && pick(a)!.v === pick(b)!.v ? pick(a) : null;
    return c.v !== 0n ? pick(a) : pick(b);
  }

  private binary(minPrec: number): Int {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const prec = op !== undefined && this.t[this.i].kind === 'punct' ? BINARY[op] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      const right = this.binary(prec + 1);
      left = apply(op!, left, right);
    }
  }

  private unary(): Int {
    const tok = this.t[this.i];
    if (!tok) throw new Error('unexpected end');
    if (tok.kind === 'punct' && ['!', '~', '-', '+'].includes(tok.text)) {
      this.i++;
      const v = this.unary();
      if (v === null) return null;
      if (tok.text === '!') return bool(v.v === 0n);
      return int(tok.text === '~' ? ~v.v : tok.text === '-' ? -v.v : v.v, v.unsigned);
    }
    if (this.types && tok.kind === 'ident' && tok.text === 'sizeof') {
      this.i++;
      return this.sizeOf(this.types);
    }
    if (this.types && tok.text === '(') {
      const type = this.typeName(this.i + 1);
      if (type) {
        this.i = type.close + 1;
        return this.unary(); // a cast: musl's folded conditions compare sizes, which fit any type
      }
    }
    if (tok.text === '(') {
      this.i++;
      const v = this.ternary();
      this.expect(')');
      return v;
    }
    this.i++;
    if (tok.kind === 'number') {
      const v = parseNumber(tok.text);
      if (v === null) throw new Error(`bad number ${tok.text}`);
      return v;
    }
    if (tok.kind === 'char') return int(BigInt(tok.text.replace(/^[LuU]?'|'$/g, '').charCodeAt(0) || 0));
    if (tok.kind === 'ident' && this.types) {
      this.runtime = true;
      return this.peek() === '(' ? this.skipCall() : null;
    }
    if (tok.kind === 'ident') {
      // Function-like macro calls that survive expansion (unknown macros) make the whole value unknown.
      if (this.peek() === '(') return this.skipCall();
      if (tok.text === UNKNOWN) return null;
      return this.env.defined(tok.text) === 'no' ? int(0n) : null;
    }
    throw new Error(`unexpected ${tok.text}`);
  }

  /** `sizeof(type)`, `sizeof((struct s){…}.member)` (a size_t); any other operand is consumed and unknown. */
  private sizeOf(types: TypeSizes): Int {
    if (this.peek() !== '(') {
      this.skipOperand();
      return null;
    }
    const type = this.typeName(this.i + 1);
    if (type) {
      this.i = type.close + 1;
      const size = types.typeSize(type.words);
      return size === null ? null : int(BigInt(size), true);
    }
    // ( ( struct tag ) { … } . member )
    const inner = this.t[this.i + 1]?.text === '(' ? this.typeName(this.i + 2) : null;
    if (inner && this.t[inner.close + 1]?.text === '{') {
      let k = inner.close + 1;
      for (let depth = 0; k < this.t.length; k++) {
        if (this.t[k].text === '{') depth++;
        else if (this.t[k].text === '}' && --depth === 0) break;
      }
      const member = this.t[k + 2];
      if (this.t[k + 1]?.text === '.' && member?.kind === 'ident' && this.t[k + 3]?.text === ')') {
        this.i = k + 4;
        const size = types.memberSize(inner.words, member.text);
        return size === null ? null : int(BigInt(size), true);
      }
    }
    this.skipCall();
    return null;
  }

  /** An operand of `sizeof` without parentheses (`sizeof *dir`, `sizeof buf.x[0]`): skipped, never evaluated. */
  private skipOperand(): void {
    while (['*', '&', '-', '!', '~'].includes(this.peek() ?? '')) this.i++;
    if (this.peek() === '(') this.skipCall();
    else this.i++;
    for (;;) {
      const p = this.peek();
      if (p === '.' || p === '->') this.i += 2;
      else if (p === '[' || p === '(') this.skipGroup();
      else return;
    }
  }

  private skipGroup(): void {
    const open = this.peek();
    const close = open === '[' ? ']' : ')';
    let depth = 0;
    do {
      const t = this.t[this.i++];
      if (!t) throw new Error('unbalanced');
      if (t.text === open) depth++;
      else if (t.text === close) depth--;
    } while (depth > 0);
  }

  /** A parenthesised type name starting at `k` (after its '('): its words and the index of ')'. */
  private typeName(k: number): { words: string[]; close: number } | null {
    const words: string[] = [];
    for (; k < this.t.length && this.t[k].text !== ')'; k++) {
      const t = this.t[k];
      if (t.kind !== 'ident' && t.text !== '*') return null;
      words.push(t.text);
    }
    if (k >= this.t.length || words.length === 0) return null;
    // One identifier alone is a type only when the arch knows it as one (`time_t`), not a variable.
    if (this.types!.typeSize(words) === null && !(words[0] === 'struct' || words[0] === 'union')) return null;
    return { words, close: k };
  }

  private skipCall(): null {
    let depth = 0;
    do {
      const t = this.t[this.i++];
      if (!t) throw new Error('unbalanced');
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
    } while (depth > 0);
    return null;
  }
}

function apply(op: string, a: Int, b: Int): Int {
  // Logical operators decide without the unknown side when the known side suffices.
  if (op === '&&') return a?.v === 0n || b?.v === 0n ? bool(false) : a === null || b === null ? null : bool(true);
  if (op === '||') return (a !== null && a.v !== 0n) || (b !== null && b.v !== 0n) ? bool(true) : a === null || b === null ? null : bool(false);
  if (a === null || b === null) return null;
  if (op === '<<' || op === '>>') {
    // The result has the left operand's type; a count outside 0..63 is undefined: unknown.
    if (b.v < 0n || b.v > 63n) return null;
    return int(op === '<<' ? a.v << b.v : a.v >> b.v, a.unsigned);
  }
  // The usual arithmetic conversions: one unsigned operand converts the other.
  const unsigned = a.unsigned || b.unsigned;
  const x = int(a.v, unsigned)!.v;
  const y = int(b.v, unsigned)!.v;
  switch (op) {
    case '==': return bool(x === y);
    case '!=': return bool(x !== y);
    case '<': return bool(x < y);
    case '>': return bool(x > y);
    case '<=': return bool(x <= y);
    case '>=': return bool(x >= y);
    case '|': return int(x | y, unsigned);
    case '^': return int(x ^ y, unsigned);
    case '&': return int(x & y, unsigned);
    case '+': return int(x + y, unsigned);
    case '-': return int(x - y, unsigned);
    case '*': return int(x * y, unsigned);
    case '/': return y === 0n ? null : int(x / y, unsigned);
    case '%': return y === 0n ? null : int(x % y, unsigned);
  }
  return null;
}

/** Convenience for tests and simple callers: an environment from plain maps. */
export function mapEnv(defs: Record<string, string>, unknown: string[] = []): ConditionEnv {
  const macros = new Map<string, MacroDefinition>();
  for (const [name, body] of Object.entries(defs)) {
    const fn = /^(\w+)\(([^)]*)\)$/.exec(name);
    macros.set(fn ? fn[1] : name, {
      name: fn ? fn[1] : name,
      params: fn ? fn[2].split(',').map((s) => (s.trim() === '...' ? '__VA_ARGS__' : s.trim())).filter(Boolean) : null,
      body,
      file: '<test>',
      line: 0,
      bodyColumn: 0,
    });
  }
  const unk = new Set(unknown);
  return {
    macro: (n) => macros.get(n),
    defined: (n) => (macros.has(n) ? 'yes' : unk.has(n) ? 'unknown' : 'no'),
  };
}
