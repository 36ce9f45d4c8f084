// Preprocessor directives of one file, as plain data: the input of the per-arch preprocessor.

export type DirectiveKind = 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else' | 'endif' | 'define' | 'undef' | 'include' | 'other';

export interface MacroDefinition {
  name: string;
  /** Parameter names of a function-like macro (`...` kept as `__VA_ARGS__`); null when object-like. */
  params: string[] | null;
  body: string;
  file: string;
  line: number;
  /** 1-based column of the body's first character on `line` (approximate after a continuation). */
  bodyColumn: number;
}

export interface Directive {
  kind: DirectiveKind;
  /** 1-based first and last physical line (backslash continuations make them differ). */
  line: number;
  endLine: number;
  /** Text after the directive name, continuations joined. */
  rest: string;
  macro?: MacroDefinition;
  include?: { path: string; system: boolean };
}

const KINDS = new Set<DirectiveKind>(['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif', 'define', 'undef', 'include']);

/**
 * Extracts the directives of a comment-free text (see `blankComments`). `file` is only recorded in
 * macro definitions so that sites found in a macro body can name where the macro lives.
 */
export function extractDirectives(code: string, file: string): Directive[] {
  const lines = code.split('\n');
  const out: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    const hash = /^\s*#\s*([A-Za-z_]\w*)?/.exec(first);
    if (!hash) continue;
    const startLine = i;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = joined.slice(0, -1) + ' ' + lines[++i];
    }
    const word = hash[1] ?? '';
    const kind: DirectiveKind = KINDS.has(word as DirectiveKind) ? (word as DirectiveKind) : 'other';
    const rest = joined.slice(hash[0].length).trim();
    const d: Directive = { kind, line: startLine + 1, endLine: i + 1, rest };
    if (kind === 'define') {
      const macro = parseDefine(joined, hash[0].length, file, startLine + 1);
      if (macro) d.macro = macro;
    } else if (kind === 'include') {
      const m = /^(?:"([^"]+)"|<([^>]+)>)/.exec(rest);
      if (m) d.include = m[1] !== undefined ? { path: m[1], system: false } : { path: m[2], system: true };
    }
    out.push(d);
  }
  return out;
}

function parseDefine(joined: string, from: number, file: string, line: number): MacroDefinition | undefined {
  const m = /^\s*([A-Za-z_]\w*)/.exec(joined.slice(from));
  if (!m) return undefined;
  const name = m[1];
  let i = from + m[0].length;
  let params: string[] | null = null;
  if (joined[i] === '(') {
    const close = joined.indexOf(')', i);
    if (close < 0) return undefined;
    params = joined
      .slice(i + 1, close)
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0)
      .map((p) => (p === '...' ? '__VA_ARGS__' : p.replace(/\.\.\.$/, '')));
    i = close + 1;
  }
  while (i < joined.length && /\s/.test(joined[i])) i++;
  return { name, params, body: joined.slice(i).trim(), file, line, bodyColumn: i + 1 };
}
