// Function-like macros that expand to backend definitions (`SYSCALL_STUB(mlock)` at file scope).
// Their definitions come from the backend's own `#define`s or from the configuration; invocations
// at file scope are expanded textually and the expansion is parsed like any other source.
import { UserError } from '../util/errors.js';
import { blankComments, codeOnly } from './source-text.js';

export interface FunctionMacro {
  name: string;
  params: string[];
  variadic: boolean;
  body: string;
}

export interface MacroInvocation {
  macro: FunctionMacro;
  /** Offsets of the whole invocation `NAME(...)` in the file. */
  start: number;
  end: number;
  args: string[];
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\n)*[^\n]*)/gm;

/** Function-like `#define`s of a source file. */
export function macrosDefinedIn(text: string): FunctionMacro[] {
  const found: FunctionMacro[] = [];
  for (const m of blankComments(text).matchAll(DEFINE)) {
    found.push(makeMacro(m[1], m[2], m[3].replace(/\\\n/g, ' ')));
  }
  return found;
}

/** Parses `NAME(a, b)=body` (the `--macro` option). */
export function parseMacroOption(spec: string): FunctionMacro {
  const m = /^\s*([A-Za-z_]\w*)\(([^)]*)\)\s*=(.*)$/s.exec(spec);
  if (!m) {
    throw new UserError(`bad macro definition '${spec}'`, `write it as NAME(param)=body, e.g. 'STUB_SYS(x)=long syscall_SYS_##x(void) { return -ENOSYS; }'`);
  }
  return makeMacro(m[1], m[2], m[3]);
}

function makeMacro(name: string, paramText: string, body: string): FunctionMacro {
  const params = paramText.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const variadic = params.at(-1) === '...';
  return { name, params: variadic ? params.slice(0, -1) : params, variadic, body: body.trim() };
}

/** Whether a macro's body could define a function (has a parameter list and a body). */
export function mayDefineFunction(macro: FunctionMacro): boolean {
  return /\)\s*(?:__attribute__\s*\(\(.*\)\)\s*)?\{/.test(macro.body);
}

/** Textual expansion: `#param` stringifies, `a ## b` pastes, other parameters are substituted. */
export function expandMacro(macro: FunctionMacro, args: string[]): string {
  const values = new Map<string, string>();
  macro.params.forEach((p, i) => values.set(p, (args[i] ?? '').trim()));
  if (macro.variadic) values.set('__VA_ARGS__', args.slice(macro.params.length).map((a) => a.trim()).join(', '));
  const token = /"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|##|#\s*[A-Za-z_]\w*|[A-Za-z_]\w*/g;
  return macro.body
    .replace(token, (t) => {
      if (t.startsWith('"') || t.startsWith("'") || t === '##') return t;
      if (t.startsWith('#')) {
        const id = t.slice(1).trim();
        return values.has(id) ? JSON.stringify(values.get(id)) : t;
      }
      return values.get(t) ?? t;
    })
    .replace(/\s*##\s*/g, '');
}

/** Invocations of `macros` at file scope (outside function bodies, comments, strings and directives). */
export function fileScopeInvocations(text: string, macros: Map<string, FunctionMacro>): MacroInvocation[] {
  if (macros.size === 0) return [];
  const code = codeOnly(text);
  const found: MacroInvocation[] = [];
  // Braces that do not open a function body: `extern "C" {` and `namespace x {`.
  const scopes: boolean[] = [];
  const insideFunction = () => scopes.includes(true);
  const identifier = /[A-Za-z_]\w*|[{}]/g;
  for (let m = identifier.exec(code); m; m = identifier.exec(code)) {
    if (m[0] === '{') {
      const before = code.slice(Math.max(0, m.index - 80), m.index);
      scopes.push(!/(?:extern\s*"\s*"|namespace(?:\s+[\w:]+)?)\s*$/.test(before));
      continue;
    }
    if (m[0] === '}') {
      scopes.pop();
      continue;
    }
    const macro = macros.get(m[0]);
    if (!macro || insideFunction()) continue;
    const open = skipSpace(code, m.index + m[0].length);
    if (code[open] !== '(') continue;
    const close = matchingParen(code, open);
    if (close < 0) continue;
    found.push({ macro, start: m.index, end: close + 1, args: splitArgs(text, code, open + 1, close) });
    identifier.lastIndex = close + 1;
  }
  return found;
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && /\s/.test(code[i])) i++;
  return i;
}

function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits the raw argument text at top-level commas (found in the masked code). */
function splitArgs(text: string, code: string, from: number, to: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  const last = text.slice(start, to);
  if (args.length > 0 || last.trim() !== '') args.push(last);
  return args;
}
