// Sites whose syscall number is an expression (`__syscall(c->nr, ...)` in setxid.c, the public
// syscall() in src/misc/syscall.c) cannot be pasted into a function name: they become
// `syscall_n(nr, a, b, c, d, e, f)`, number first, always six arguments.
//
// The search: in C sources and headers, a call of __syscall/__syscallN/syscall/__syscall_cp/
// __syscall_cpN/syscall_cp, outside preprocessor lines, not preceded by a type-like word (which
// would make it a declaration such as `long syscall(long n, ...)`), whose first argument is not
// a bare SYS_ identifier. The probe of the built tree is the safety net: any site the macro layer
// cannot map to a backend function fails the rewrite.

import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';
import { RewriteMismatch, lineOf, splitArgs } from './text.js';

export interface DynamicSite {
  file: string;
  line: number;
  /** What was called: `__syscall`, `syscall`. */
  callee: string;
  /** The number expression as written. */
  number: string;
  /** Arguments after the number, as written. */
  args: string[];
}

const CALLEE = /(?<![\w.>$])(__syscall_cp\d?|syscall_cp|__syscall\d?|syscall)\s*\(/g;
const SYS_TOKEN = /^SYS_\w+$/;
const ARG_SLOTS = 6;

/** Find the dynamic sites of one file and return it rewritten (unchanged text when there are none). */
export function rewriteDynamicSites(
  file: string,
  text: string,
  naming: BackendNaming = DEFAULT_NAMING,
): { text: string; sites: DynamicSite[] } {
  const edits: { start: number; end: number; replacement: string; site: DynamicSite }[] = [];
  for (const m of text.matchAll(CALLEE)) {
    const start = m.index;
    if (isPreprocessorLine(text, start) || isDeclaration(text, start)) continue;
    const open = start + m[0].length - 1;
    const { args, end } = splitArgs(text, open);
    if (args.length === 0 || SYS_TOKEN.test(args[0])) continue;
    const callee = m[1];
    const site: DynamicSite = { file, line: lineOf(text, start), callee, number: args[0], args: args.slice(1) };
    if (callee.includes('_cp')) {
      throw new RewriteMismatch(file, `line ${site.line}: cancellable call with a run-time number (${args[0]}) is not supported`);
    }
    if (site.args.length > ARG_SLOTS) throw new RewriteMismatch(file, `line ${site.line}: more than ${ARG_SLOTS} syscall arguments`);
    const padded = [...site.args, ...Array(ARG_SLOTS - site.args.length).fill('0')];
    const call = `${naming.dynamic}(${[site.number, ...padded].join(', ')})`;
    edits.push({ start, end, replacement: callee === 'syscall' ? `__syscall_ret(${call})` : call, site });
  }
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return { text: out, sites: edits.map((e) => e.site) };
}

function isPreprocessorLine(text: string, at: number): boolean {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  // A directive continued with backslashes: walk back to its first line.
  while (lineStart >= 2 && text[lineStart - 2] === '\\') lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return /^\s*#/.test(text.slice(lineStart, at + 1));
}

const STATEMENT_WORDS = new Set(['return', 'else', 'do', 'sizeof']);

/** `long syscall(long n, ...)`: the word before the name is a type, not `return` or an operator. */
function isDeclaration(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 64), at).replace(/\s+$/, '');
  const word = /(\w+)$/.exec(before);
  return word !== null && !STATEMENT_WORDS.has(word[1]);
}
