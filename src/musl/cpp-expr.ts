/**
 * Evaluates the integer expressions of `#if`/`#elif` lines the way the C preprocessor does,
 * for the subset musl's headers use: `defined X`, `defined(X)`, `!`, `&&`, `||`, comparisons,
 * `+ - * / % << >> & | ^ ~`, parentheses, integer literals and object-like macros.
 * Returns `null` when the value depends on something unknown (an identifier `isKnown` rejects),
 * so callers can keep such code as conditional instead of guessing.
 */
export interface MacroEnv {
  /** Is the macro defined? `null` when unknown for this evaluation. */
  isDefined(name: string): boolean | null;
  /** Body of an object-like macro, or undefined. */
  valueOf(name: string): string | undefined;
}

type Token = { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<<', '>>', '(', ')', '!', '~', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '?', ':', ','];

export function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const src = expr.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '');
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = src.slice(i).match(/^(0x[0-9a-fA-F]+|\d+)[uUlL]*/);
    if (num) { tokens.push({ kind: 'num', value: Number(num[1]) }); i += num[0].length; continue; }
    const id = src.slice(i).match(/^[A-Za-z_]\w*/);
    if (id) { tokens.push({ kind: 'id', name: id[0] }); i += id[0].length; continue; }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new Error(`unexpected '${c}' in #if expression`);
    tokens.push({ kind: 'op', op });
    i += op.length;
  }
  return tokens;
}

const UNKNOWN = Symbol('unknown');
type Value = number | typeof UNKNOWN;

/** Binary operators by precedence, loosest first. */
const LEVELS: string[][] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

export function evaluateCondition(expr: string, env: MacroEnv, depth = 0): number | null {
  const tokens = tokenize(expr);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => peek()?.kind === 'op' && (peek() as { op: string }).op === op;

  function expandIdentifier(name: string): Value {
    const body = env.valueOf(name);
    if (body !== undefined && depth < 8) {
      if (body.trim() === '') return 0;
      const v = evaluateCondition(body, env, depth + 1);
      return v === null ? UNKNOWN : v;
    }
    const defined = env.isDefined(name);
    // An undefined identifier is 0 in #if; one we cannot know about stays unknown.
    return defined === false ? 0 : UNKNOWN;
  }

  function primary(): Value {
    const t = tokens[pos++];
    if (!t) throw new Error('truncated #if expression');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'id') {
      if (t.name === 'defined') {
        const paren = isOp('(');
        if (paren) pos++;
        const n = tokens[pos++];
        if (!n || n.kind !== 'id') throw new Error('defined needs a name');
        if (paren) pos++;
        const d = env.isDefined(n.name);
        return d === null ? UNKNOWN : d ? 1 : 0;
      }
      if (isOp('(')) {
        // A function-like macro call we do not expand: skip its arguments.
        let level = 0;
        do {
          const x = tokens[pos++];
          if (x?.kind === 'op' && x.op === '(') level++;
          if (x?.kind === 'op' && x.op === ')') level--;
        } while (level > 0 && pos < tokens.length);
        return UNKNOWN;
      }
      return expandIdentifier(t.name);
    }
    switch (t.op) {
      case '(': { const v = ternary(); pos++; return v; }
      case '!': { const v = primary(); return v === UNKNOWN ? UNKNOWN : v ? 0 : 1; }
      case '~': { const v = primary(); return v === UNKNOWN ? UNKNOWN : ~v; }
      case '-': { const v = primary(); return v === UNKNOWN ? UNKNOWN : -v; }
      case '+': return primary();
    }
    throw new Error(`unexpected '${t.op}' in #if expression`);
  }

  function binary(level: number): Value {
    if (level === LEVELS.length) return primary();
    let left = binary(level + 1);
    while (peek()?.kind === 'op' && LEVELS[level].includes((peek() as { op: string }).op)) {
      const op = (tokens[pos++] as { op: string }).op;
      const right = binary(level + 1);
      left = apply(op, left, right);
    }
    return left;
  }

  function ternary(): Value {
    const cond = binary(0);
    if (!isOp('?')) return cond;
    pos++;
    const a = ternary();
    pos++; // ':'
    const b = ternary();
    if (cond === UNKNOWN) return a === b ? a : UNKNOWN;
    return cond ? a : b;
  }

  const result = ternary();
  return result === UNKNOWN ? null : result;
}

function apply(op: string, a: Value, b: Value): Value {
  // Short-circuit operators decide even with one unknown side when the other side settles it.
  if (op === '&&') {
    if (a === 0 || b === 0) return 0;
    return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 1;
  }
  if (op === '||') {
    if ((a !== UNKNOWN && a) || (b !== UNKNOWN && b)) return 1;
    return a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 0;
  }
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? UNKNOWN : Math.trunc(a / b);
    case '%': return b === 0 ? UNKNOWN : a % b;
  }
  return UNKNOWN;
}
