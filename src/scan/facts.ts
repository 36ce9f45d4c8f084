// Arch-independent facts of one source file: its directives, its calls, its inline asm, the
// functions it defines and the public symbols its object would export. Computed once per file and
// shared by every arch; the per-arch scan only decides which of them are live and what they mean.

import { Query, type Language, type Node, type Parser } from 'web-tree-sitter';
import { extractDirectives, type Directive } from '../c/index.js';
import { prepareForParse } from './prepare.js';
import { blankComments, lineStarts, position } from '../c/index.js';
import { lex, type Token } from '../c/index.js';
import { argumentTypes, resultUse, type ArgumentType, type ResultUse } from './value-use.js';

export interface CallFact {
  /** The called identifier. */
  name: string;
  line: number;
  column: number;
  /** Offsets of the call in the file: from the callee's first character to after its ')'. */
  start: number;
  end: number;
  /** Enclosing function, null at file scope. */
  fn: string | null;
  /** For calls of the syscall family: what the code does with the result. */
  result?: ResultUse;
  /** For calls of the syscall family: the types of the arguments after the number. */
  args?: ArgumentType[];
}

export interface FunctionFact {
  name: string;
  start: number;
  end: number;
  line: number;
  isStatic: boolean;
}

/**
 * An `if` whose condition uses `sizeof`: a constant the compiler folds per arch (musl 1.2.3's
 * fstatat calls fstatat_statx only `if (sizeof(kstat.st_atime_sec) < sizeof(time_t))`), so the
 * branch not taken, and static functions only it calls, are not in the object.
 */
export interface GuardFact {
  line: number;
  /** The parenthesised condition as written. */
  condition: string;
  /** Offsets of the statement taken when the condition is true, and of the `else` one (if any). */
  then: [number, number];
  otherwise: [number, number] | null;
}

/** An `asm(...)` statement in C: the template's tokens (strings and macro names) before the first ':'. */
export interface InlineAsmFact {
  offset: number;
  line: number;
  column: number;
  fn: string | null;
  template: Token[];
}

export interface FileFacts {
  file: string;
  lang: 'c' | 'asm' | 'asm-cpp';
  /** Comment-free text (same length as the file). */
  code: string;
  directives: Directive[];
  calls: CallFact[];
  functions: FunctionFact[];
  inlineAsm: InlineAsmFact[];
  guards: GuardFact[];
  /** Public symbols the object defines: global, not `hidden`, not `__`-reserved; weak_alias targets included. */
  symbols: string[];
  /** Whether tree-sitter reported syntax errors (informational: sites are still found). */
  parseErrors: boolean;
}

export function languageOf(file: string): FileFacts['lang'] {
  return file.endsWith('.s') ? 'asm' : file.endsWith('.S') ? 'asm-cpp' : 'c';
}

/** Which calls to keep (all by default): the scan only needs calls that can lead to a syscall. */
export type CallFilter = (name: string) => boolean;

/** Facts of one file. `parser` is only used for C. */
export function fileFacts(file: string, text: string, parser: Parser, keep: CallFilter = () => true): FileFacts {
  const lang = languageOf(file);
  if (lang !== 'c') return asmFacts(file, text, lang);
  const code = blankComments(text);
  const directives = extractDirectives(code, file);
  const directiveLines = new Set<number>();
  for (const d of directives) for (let l = d.line; l <= d.endLine; l++) directiveLines.add(l);
  const tree = parser.parse(prepareForParse(code, directiveLines));
  if (!tree) throw new Error(`tree-sitter could not parse ${file}`);
  try {
    const starts = lineStarts(code);
    const { calls, functions, symbols } = collect(tree.rootNode, code, starts, keep);
    for (const m of code.matchAll(/\b(?:weak_alias|strong_alias)\s*\(\s*\w+\s*,\s*(\w+)\s*\)/g)) {
      if (isPublicName(m[1])) symbols.add(m[1]);
    }
    const inlineAsm = findInlineAsm(code, starts, functions);
    const guards = SIZEOF_IF.test(code) ? findGuards(tree.rootNode, code) : [];
    return {
      file,
      lang,
      code,
      directives,
      calls,
      functions,
      inlineAsm,
      guards,
      symbols: [...symbols].sort(),
      parseErrors: tree.rootNode.hasError,
    };
  } finally {
    tree.delete();
  }
}

// One query instead of a walk in JS: the traversal stays inside the wasm module and only the
// nodes we need are materialised. Declarations count only at file scope (directly or under
// preprocessor conditionals); those inside functions are filtered by position.
const QUERY = `
(call_expression function: (identifier) @callee) @call
(function_definition) @function
(translation_unit (declaration) @declaration)
(preproc_if (declaration) @declaration)
(preproc_ifdef (declaration) @declaration)
(preproc_else (declaration) @declaration)
(preproc_elif (declaration) @declaration)
`;
const queries = new WeakMap<Language, Query>();

/** Calls whose result and argument types the ABI check needs: musl's syscall macros and wrappers. */
const SYSCALL_FAMILY = /^(?!__syscall_ret$)(?:.*syscall|.*socketcall|_*sys_)/;

const SIZEOF_IF = /\bif\s*\([^;{]*\bsizeof\b/;
const GUARD_QUERY = '(if_statement condition: (_) @condition) @if';
const guardQueries = new WeakMap<Language, Query>();

function findGuards(root: Node, code: string): GuardFact[] {
  const language = root.tree.language;
  let query = guardQueries.get(language);
  if (!query) guardQueries.set(language, (query = new Query(language, GUARD_QUERY)));
  const guards: GuardFact[] = [];
  for (const { captures } of query.matches(root)) {
    const statement = captures.find((c) => c.name === 'if')!.node;
    const condition = captures.find((c) => c.name === 'condition')!.node;
    const text = code.slice(condition.startIndex, condition.endIndex);
    if (!/\bsizeof\b/.test(text)) continue;
    const then = statement.childForFieldName('consequence');
    const otherwise = statement.childForFieldName('alternative');
    if (!then) continue;
    guards.push({
      line: condition.startPosition.row + 1,
      condition: text,
      then: [then.startIndex, then.endIndex],
      otherwise: otherwise ? [otherwise.startIndex, otherwise.endIndex] : null,
    });
  }
  return guards;
}

function collect(root: Node, code: string, starts: number[], keep: CallFilter) {
  const language = root.tree.language;
  let query = queries.get(language);
  if (!query) queries.set(language, (query = new Query(language, QUERY)));
  const calls: CallFact[] = [];
  const functions: FunctionFact[] = [];
  const symbols = new Set<string>();
  const declarations: Node[] = [];
  let pendingCall: Node | null = null;
  for (const { name, node } of query.captures(root)) {
    if (name === 'call') pendingCall = node;
    else if (name === 'callee') {
      const callee = node.text;
      if (pendingCall && keep(callee)) {
        const p = position(starts, node.startIndex);
        const fact: CallFact = { name: callee, line: p.line, column: p.column, start: node.startIndex, end: pendingCall.endIndex, fn: null };
        if (SYSCALL_FAMILY.test(callee)) {
          fact.result = resultUse(pendingCall, callee);
          fact.args = argumentTypes(pendingCall);
        }
        calls.push(fact);
      }
      pendingCall = null;
    } else if (name === 'function') {
      const declarator = node.childForFieldName('declarator');
      const fname = declarator ? declaredName(declarator) : null;
      if (!fname) continue;
      const isStatic = hasStorage(node, 'static');
      functions.push({ name: fname, start: node.startIndex, end: node.endIndex, line: node.startPosition.row + 1, isStatic });
      const prefix = code.slice(node.startIndex, declarator!.startIndex);
      if (!isStatic && !/\bhidden\b/.test(prefix) && isPublicName(fname)) symbols.add(fname);
    } else if (name === 'declaration') declarations.push(node);
  }
  for (const c of calls) c.fn = enclosingFunction(functions, c.start);
  for (const d of declarations) if (enclosingFunction(functions, d.startIndex) === null) addDeclaredObjects(d, code, symbols);
  return { calls, functions, symbols };
}

function asmFacts(file: string, text: string, lang: 'asm' | 'asm-cpp'): FileFacts {
  // .S goes through cpp: C comments and directives apply. Plain .s keeps its text as is; the
  // assembler's own comment syntax is handled per arch when instructions are read.
  const code = lang === 'asm-cpp' ? blankComments(text) : text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const directives = lang === 'asm-cpp' ? extractDirectives(code, file) : [];
  const symbols = new Set<string>();
  for (const m of code.matchAll(/^[ \t]*\.(?:globl|global|weak)[ \t]+([^\n]+)/gm)) {
    for (const name of m[1].split(',').map((s) => s.trim())) if (isPublicName(name)) symbols.add(name);
  }
  return { file, lang, code, directives, calls: [], functions: [], inlineAsm: [], guards: [], symbols: [...symbols].sort(), parseErrors: false };
}

/** musl's public names: not reserved with `__` (names like `_exit` and `_Fork` are public API). */
export function isPublicName(name: string): boolean {
  return /^[A-Za-z_]\w*$/.test(name) && !name.startsWith('__');
}

function hasStorage(node: Node, word: string): boolean {
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c?.type === 'storage_class_specifier' && c.text === word) return true;
  }
  return false;
}

/** The identifier a declarator declares (through pointers, arrays, parentheses, function parameters). */
function declaredName(node: Node): string | null {
  let n: Node | null = node;
  while (n) {
    if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
    n = n.childForFieldName('declarator') ?? (n.type === 'parenthesized_declarator' ? n.namedChild(0) : null);
  }
  return null;
}

/** File-scope object definitions (`int x = 1;`, `char buf[8];`), not prototypes, externs or statics. */
function addDeclaredObjects(node: Node, code: string, symbols: Set<string>): void {
  if (hasStorage(node, 'static') || hasStorage(node, 'extern')) return;
  if (/\bhidden\b/.test(code.slice(node.startIndex, node.endIndex).split(/[=;]/)[0])) return;
  for (const d of node.childrenForFieldName('declarator')) {
    if (!d) continue;
    const inner = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
    if (!inner || isPrototype(inner)) continue;
    const name = declaredName(inner);
    if (name && isPublicName(name)) symbols.add(name);
  }
}

/** A function declarator whose name is not behind a pointer declares a function, not an object. */
function isPrototype(d: Node): boolean {
  if (d.type !== 'function_declarator') return false;
  const inner = d.childForFieldName('declarator');
  return !(inner?.type === 'parenthesized_declarator' && inner.namedChild(0)?.type === 'pointer_declarator');
}

const ASM_START = /\b(?:__asm__|__asm|asm)\b((?:\s+|volatile\b|__volatile__\b|__volatile\b|goto\b|inline\b)*)\(/g;

function findInlineAsm(code: string, starts: number[], functions: FunctionFact[]): InlineAsmFact[] {
  const out: InlineAsmFact[] = [];
  for (const m of code.matchAll(ASM_START)) {
    const open = m.index + m[0].length - 1;
    // The template runs to the first ':' or the matching ')' at depth 0.
    let depth = 0;
    let end = open + 1;
    for (; end < code.length; end++) {
      const c = code[end];
      if (c === '"') {
        end++;
        while (end < code.length && code[end] !== '"' && code[end] !== '\n') end += code[end] === '\\' ? 2 : 1;
      } else if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ':' && depth === 0) break;
    }
    const template = lex(code.slice(open + 1, end)).filter((t) => t.kind === 'string' || t.kind === 'ident');
    const p = position(starts, m.index);
    out.push({ offset: m.index, line: p.line, column: p.column, fn: enclosingFunction(functions, m.index), template });
  }
  return out;
}

export function enclosingFunction(functions: FunctionFact[], offset: number): string | null {
  return innermostFunction(functions, offset)?.name ?? null;
}

/** The innermost function definition around `offset`, null at file scope. */
export function innermostFunction(functions: FunctionFact[], offset: number): FunctionFact | null {
  let best: FunctionFact | null = null;
  for (const f of functions) if (f.start <= offset && offset < f.end && (!best || f.start >= best.start)) best = f;
  return best;
}
