// A parser for the Nix language, enough for package expressions as nixpkgs and IncludeOS write them.
// It exists so musl-patch can read and surgically edit derivations when `nix-instantiate` is not
// installed; every node keeps its source offsets so edits replace exactly the text they mean.
// Not supported (reported as a parse error, never guessed): legacy `let { }`, paths with `${}`.

export interface Span {
  start: number;
  end: number;
}

export type AttrKey = Span & ({ kind: 'name'; name: string } | { kind: 'dynamic'; expr: NixNode });

export type Binding =
  | (Span & { kind: 'attr'; path: AttrKey[]; value: NixNode })
  | (Span & { kind: 'inherit'; from: NixNode | null; names: AttrKey[] });

/** A `{ name ? fallback }` function argument; the span covers the name only. */
export interface Formal extends Span {
  name: string;
  fallback: NixNode | null;
}

export type NixNode = Span &
  (
    | { type: 'str'; parts: (string | NixNode)[]; indented: boolean }
    | { type: 'num'; text: string }
    | { type: 'path'; text: string }
    | { type: 'uri'; text: string }
    | { type: 'id'; name: string }
    | { type: 'select'; target: NixNode; path: AttrKey[]; fallback: NixNode | null }
    | { type: 'has'; target: NixNode; path: AttrKey[] }
    | { type: 'apply'; fn: NixNode; arg: NixNode }
    | { type: 'lambda'; param: string | null; formals: Formal[] | null; ellipsis: boolean; body: NixNode }
    | { type: 'let'; bindings: Binding[]; body: NixNode }
    | { type: 'attrs'; rec: boolean; bindings: Binding[] }
    | { type: 'list'; items: NixNode[] }
    | { type: 'if'; cond: NixNode; then: NixNode; else: NixNode }
    | { type: 'with'; scope: NixNode; body: NixNode }
    | { type: 'assert'; cond: NixNode; body: NixNode }
    | { type: 'binop'; op: string; left: NixNode; right: NixNode }
    | { type: 'unop'; op: string; operand: NixNode }
  );

export class NixParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${message}`);
    this.name = 'NixParseError';
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

type TokenKind = 'id' | 'num' | 'path' | 'uri' | 'op' | 'str' | 'istr' | 'eof';
interface Token extends Span {
  kind: TokenKind;
  text: string;
}

const KEYWORDS = new Set(['let', 'in', 'rec', 'with', 'if', 'then', 'else', 'assert', 'inherit']);
const OPS = ['...', '${', '==', '!=', '<=', '>=', '&&', '||', '->', '//', '++', '{', '}', '[', ']', '(', ')', ';', ':', ',', '=', '.', '?', '@', '+', '-', '*', '/', '<', '>', '!'];
// Longest match wins; on a tie the earlier rule (Nix's lexer order).
const LEXEMES: [TokenKind, RegExp][] = [
  ['id', /[a-zA-Z_][a-zA-Z0-9_'-]*/y],
  ['num', /[0-9]+/y],
  ['num', /(?:[1-9][0-9]*\.[0-9]*|0?\.[0-9]+)(?:[Ee][+-]?[0-9]+)?/y],
  ['path', /[a-zA-Z0-9._+-]*(?:\/[a-zA-Z0-9._+-]+)+\/?/y],
  ['path', /~(?:\/[a-zA-Z0-9._+-]+)+\/?/y],
  ['path', /<[a-zA-Z0-9._+-]+(?:\/[a-zA-Z0-9._+-]+)*>/y],
  ['uri', /[a-zA-Z][a-zA-Z0-9+.-]*:[a-zA-Z0-9%/?:@&=+$,_.!~*'-]+/y],
];

// Binary operators: precedence (higher binds tighter) and associativity.
const BINARY: Record<string, { prec: number; assoc: 'left' | 'right' | 'none' }> = {
  '->': { prec: 1, assoc: 'right' },
  '||': { prec: 2, assoc: 'left' },
  '&&': { prec: 3, assoc: 'left' },
  '==': { prec: 4, assoc: 'none' },
  '!=': { prec: 4, assoc: 'none' },
  '<': { prec: 5, assoc: 'none' },
  '<=': { prec: 5, assoc: 'none' },
  '>': { prec: 5, assoc: 'none' },
  '>=': { prec: 5, assoc: 'none' },
  '//': { prec: 6, assoc: 'right' },
  '+': { prec: 8, assoc: 'left' },
  '-': { prec: 8, assoc: 'left' },
  '*': { prec: 9, assoc: 'left' },
  '/': { prec: 9, assoc: 'left' },
  '++': { prec: 10, assoc: 'right' },
  '?': { prec: 11, assoc: 'none' },
};
const NOT_PREC = 7;

class Parser {
  private pos = 0;
  private cached: Token | null = null;

  constructor(private readonly src: string) {}

  fail(message: string, offset = this.peek().start): never {
    const { line, column } = lineColumn(this.src, offset);
    throw new NixParseError(message, offset, line, column);
  }

  private skipTrivia(): void {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && s[this.pos + 1] === '*') {
        const close = s.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated comment', this.pos);
        this.pos = close + 2;
      } else return;
    }
  }

  peek(): Token {
    if (this.cached) return this.cached;
    this.skipTrivia();
    const start = this.pos;
    const s = this.src;
    let token: Token | null = null;
    if (start >= s.length) token = { kind: 'eof', text: '', start, end: start };
    else if (s[start] === '"') token = { kind: 'str', text: '"', start, end: start + 1 };
    else if (s.startsWith("''", start)) token = { kind: 'istr', text: "''", start, end: start + 2 };
    else {
      let best: Token | null = null;
      for (const [kind, re] of LEXEMES) {
        re.lastIndex = start;
        const m = re.exec(s);
        if (m && (!best || m[0].length > best.text.length)) best = { kind, text: m[0], start, end: start + m[0].length };
      }
      const op = OPS.find((o) => s.startsWith(o, start));
      // `<` as an operator beats nothing; a search path `<nixpkgs>` is longer. Same for `/` and paths.
      if (best && (!op || best.text.length > op.length)) token = best;
      else if (op) token = { kind: 'op', text: op, start, end: start + op.length };
    }
    if (!token) this.fail(`unexpected character '${s[start]}'`, start);
    this.cached = token;
    return token;
  }

  next(): Token {
    const token = this.peek();
    this.pos = token.end;
    this.cached = null;
    return token;
  }

  private save(): number {
    this.cached = null;
    return this.pos;
  }

  private restore(pos: number): void {
    this.pos = pos;
    this.cached = null;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'id' && t.text === word;
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`expected '${text}' but found '${this.peek().text || 'end of file'}'`);
    return this.next();
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) this.fail(`expected '${word}' but found '${this.peek().text || 'end of file'}'`);
    return this.next();
  }

  parseFile(): NixNode {
    const expr = this.parseExpr();
    if (this.peek().kind !== 'eof') this.fail(`unexpected '${this.peek().text}'`);
    return expr;
  }

  parseExpr(): NixNode {
    const t = this.peek();
    const start = t.start;
    if (t.kind === 'id' && !KEYWORDS.has(t.text)) {
      const mark = this.save();
      const name = this.next().text;
      if (this.isOp(':')) {
        this.next();
        const body = this.parseExpr();
        return { type: 'lambda', param: name, formals: null, ellipsis: false, body, start, end: body.end };
      }
      if (this.isOp('@')) {
        this.next();
        return this.parseFormalsLambda(start, name);
      }
      this.restore(mark);
    }
    if (t.kind === 'op' && t.text === '{' && this.looksLikeFormals()) return this.parseFormalsLambda(start, null);
    if (t.kind === 'id') {
      switch (t.text) {
        case 'let': {
          this.next();
          if (this.isOp('{')) this.fail("legacy 'let { }' is not supported");
          const bindings = this.parseBindings('in');
          this.expectKeyword('in');
          const body = this.parseExpr();
          return { type: 'let', bindings, body, start, end: body.end };
        }
        case 'with': {
          this.next();
          const scope = this.parseExpr();
          this.expectOp(';');
          const body = this.parseExpr();
          return { type: 'with', scope, body, start, end: body.end };
        }
        case 'assert': {
          this.next();
          const cond = this.parseExpr();
          this.expectOp(';');
          const body = this.parseExpr();
          return { type: 'assert', cond, body, start, end: body.end };
        }
        case 'if': {
          this.next();
          const cond = this.parseExpr();
          this.expectKeyword('then');
          const then = this.parseExpr();
          this.expectKeyword('else');
          const otherwise = this.parseExpr();
          return { type: 'if', cond, then, else: otherwise, start, end: otherwise.end };
        }
      }
    }
    return this.parseBinary(0);
  }

  /** `{ }:` , `{ a, b ? x, ... }:` or `{ ... } @ name:` as opposed to an attribute set. */
  private looksLikeFormals(): boolean {
    const mark = this.save();
    try {
      this.next();
      const first = this.next();
      if (first.kind === 'op' && first.text === '...') return true;
      if (first.kind === 'op' && first.text === '}') return this.isOp(':') || this.isOp('@');
      if (first.kind !== 'id') return false;
      return this.isOp(',') || this.isOp('?') || this.isOp('}');
    } catch {
      return false;
    } finally {
      this.restore(mark);
    }
  }

  private parseFormalsLambda(start: number, atName: string | null): NixNode {
    this.expectOp('{');
    const formals: Formal[] = [];
    let ellipsis = false;
    while (!this.isOp('}')) {
      if (this.isOp('...')) {
        this.next();
        ellipsis = true;
      } else {
        const id = this.next();
        if (id.kind !== 'id') this.fail(`expected a function argument name but found '${id.text}'`, id.start);
        let fallback: NixNode | null = null;
        if (this.isOp('?')) {
          this.next();
          fallback = this.parseExpr();
        }
        formals.push({ name: id.text, fallback, start: id.start, end: id.end });
      }
      if (!this.isOp('}')) this.expectOp(',');
    }
    this.next();
    let param = atName;
    if (this.isOp('@')) {
      this.next();
      const id = this.next();
      if (id.kind !== 'id') this.fail('expected a name after @', id.start);
      param = id.text;
    }
    this.expectOp(':');
    const body = this.parseExpr();
    return { type: 'lambda', param, formals, ellipsis, body, start, end: body.end };
  }

  private parseBinary(minPrec: number): NixNode {
    let left = this.parsePrefix();
    for (;;) {
      const t = this.peek();
      const info = t.kind === 'op' ? BINARY[t.text] : undefined;
      if (!info || info.prec < minPrec) return left;
      this.next();
      if (t.text === '?') {
        const path = this.parseAttrPath();
        left = { type: 'has', target: left, path, start: left.start, end: path[path.length - 1].end };
        continue;
      }
      const right = this.parseBinary(info.assoc === 'right' ? info.prec : info.prec + 1);
      left = { type: 'binop', op: t.text, left, right, start: left.start, end: right.end };
      if (info.assoc === 'none') {
        const again = this.peek();
        if (again.kind === 'op' && BINARY[again.text]?.prec === info.prec) this.fail(`operator '${again.text}' is not associative`);
      }
    }
  }

  private parsePrefix(): NixNode {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '!') {
      this.next();
      const operand = this.parseBinary(NOT_PREC + 1);
      return { type: 'unop', op: '!', operand, start: t.start, end: operand.end };
    }
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      const operand = this.parsePrefix();
      return { type: 'unop', op: '-', operand, start: t.start, end: operand.end };
    }
    return this.parseApplication();
  }

  private startsSimple(): boolean {
    const t = this.peek();
    switch (t.kind) {
      case 'id':
        return !KEYWORDS.has(t.text) || t.text === 'rec';
      case 'num':
      case 'path':
      case 'uri':
      case 'str':
      case 'istr':
        return true;
      case 'op':
        return t.text === '(' || t.text === '[' || t.text === '{';
      default:
        return false;
    }
  }

  private parseApplication(): NixNode {
    let fn = this.parseSelect();
    while (this.startsSimple()) {
      const arg = this.parseSelect();
      fn = { type: 'apply', fn, arg, start: fn.start, end: arg.end };
    }
    return fn;
  }

  private parseSelect(): NixNode {
    const target = this.parseSimple();
    if (!this.isOp('.')) return target;
    this.next();
    const path = this.parseAttrPath();
    let fallback: NixNode | null = null;
    let end = path[path.length - 1].end;
    if (this.isKeyword('or')) {
      this.next();
      fallback = this.parseSelect();
      end = fallback.end;
    }
    return { type: 'select', target, path, fallback, start: target.start, end };
  }

  private parseSimple(): NixNode {
    const t = this.peek();
    const start = t.start;
    switch (t.kind) {
      case 'id':
        if (t.text === 'rec') {
          this.next();
          return this.parseAttrs(start, true);
        }
        if (KEYWORDS.has(t.text)) this.fail(`unexpected '${t.text}'`);
        this.next();
        return { type: 'id', name: t.text, start, end: t.end };
      case 'num':
        this.next();
        return { type: 'num', text: t.text, start, end: t.end };
      case 'path':
        this.next();
        if (this.src[t.end] === '$' && this.src[t.end + 1] === '{') this.fail('paths with ${} interpolation are not supported', t.end);
        return { type: 'path', text: t.text, start, end: t.end };
      case 'uri':
        this.next();
        return { type: 'uri', text: t.text, start, end: t.end };
      case 'str':
        this.next();
        return this.parseStringBody(start, false);
      case 'istr':
        this.next();
        return this.parseStringBody(start, true);
      case 'op':
        if (t.text === '(') {
          this.next();
          const inner = this.parseExpr();
          this.expectOp(')');
          // Parentheses are kept in the span so an edit of the whole value replaces them too.
          return { ...inner, start, end: this.pos };
        }
        if (t.text === '[') {
          this.next();
          const items: NixNode[] = [];
          while (!this.isOp(']')) {
            if (this.peek().kind === 'eof') this.fail("unterminated list: missing ']'", start);
            items.push(this.parseSelect());
          }
          const close = this.next();
          return { type: 'list', items, start, end: close.end };
        }
        if (t.text === '{') return this.parseAttrs(start, false);
        break;
      case 'eof':
        this.fail('unexpected end of file');
    }
    this.fail(`unexpected '${t.text}'`);
  }

  private parseAttrs(start: number, rec: boolean): NixNode {
    this.expectOp('{');
    const bindings = this.parseBindings('}');
    const close = this.expectOp('}');
    return { type: 'attrs', rec, bindings, start, end: close.end };
  }

  private parseBindings(terminator: '}' | 'in'): Binding[] {
    const bindings: Binding[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') this.fail(`missing '${terminator}'`);
      if (terminator === '}' ? this.isOp('}') : this.isKeyword('in')) return bindings;
      if (this.isKeyword('inherit')) {
        this.next();
        let from: NixNode | null = null;
        if (this.isOp('(')) {
          this.next();
          from = this.parseExpr();
          this.expectOp(')');
        }
        const names: AttrKey[] = [];
        while (!this.isOp(';')) names.push(this.parseAttrName());
        const semi = this.next();
        bindings.push({ kind: 'inherit', from, names, start: t.start, end: semi.end });
        continue;
      }
      const path = this.parseAttrPath();
      this.expectOp('=');
      const value = this.parseExpr();
      const semi = this.expectOp(';');
      bindings.push({ kind: 'attr', path, value, start: t.start, end: semi.end });
    }
  }

  private parseAttrPath(): AttrKey[] {
    const path = [this.parseAttrName()];
    while (this.isOp('.')) {
      this.next();
      path.push(this.parseAttrName());
    }
    return path;
  }

  private parseAttrName(): AttrKey {
    const t = this.peek();
    if (t.kind === 'id') {
      this.next();
      return { kind: 'name', name: t.text, start: t.start, end: t.end };
    }
    if (t.kind === 'str') {
      this.next();
      const str = this.parseStringBody(t.start, false);
      if (str.type === 'str' && str.parts.every((p) => typeof p === 'string')) {
        return { kind: 'name', name: str.parts.join(''), start: str.start, end: str.end };
      }
      return { kind: 'dynamic', expr: str, start: str.start, end: str.end };
    }
    if (t.kind === 'op' && t.text === '${') {
      this.next();
      const expr = this.parseExpr();
      const close = this.expectOp('}');
      return { kind: 'dynamic', expr, start: t.start, end: close.end };
    }
    this.fail(`expected an attribute name but found '${t.text || 'end of file'}'`);
  }

  /** Reads string contents after the opening quote(s). Indented strings keep their raw indentation. */
  private parseStringBody(start: number, indented: boolean): NixNode {
    const s = this.src;
    const parts: (string | NixNode)[] = [];
    let text = '';
    let i = this.pos;
    for (;;) {
      if (i >= s.length) this.fail('unterminated string', start);
      const c = s[i];
      if (c === '$' && s[i + 1] === '{') {
        if (text) parts.push(text);
        text = '';
        this.restore(i + 2);
        parts.push(this.parseExpr());
        this.expectOp('}');
        i = this.pos;
        continue;
      }
      if (c === '$' && s[i + 1] === '$') {
        text += '$$';
        i += 2;
        continue;
      }
      if (!indented) {
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\' && i + 1 < s.length) {
          const e = s[i + 1];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
      } else if (c === "'" && s[i + 1] === "'") {
        const after = s[i + 2];
        if (after === "'") {
          text += "''";
          i += 3;
          continue;
        }
        if (after === '$') {
          text += '$';
          i += 3;
          continue;
        }
        if (after === '\\' && i + 3 < s.length) {
          const e = s[i + 3];
          text += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 4;
          continue;
        }
        i += 2;
        break;
      }
      text += c;
      i++;
    }
    if (text || parts.length === 0) parts.push(text);
    this.restore(i);
    return { type: 'str', parts, indented, start, end: i };
  }
}

/** Parses a whole Nix file. Throws NixParseError (with line and column) on anything it cannot read. */
export function parseNix(text: string): NixNode {
  return new Parser(text).parseFile();
}
