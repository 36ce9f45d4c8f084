// What a syscall call means on one arch: its kind, the backend symbol the patched libc will call,
// and the kernel syscall behind it. Works on tokens, after following macros with the arch's state.

import type { SiteArgument, SiteKind, SiteResult, SyscallNumber } from '../model/index.js';
import type { BackendNaming } from '../model/naming.js';
import type { MacroDefinition } from '../c/index.js';
import { expandTokens, type ExpandedToken } from '../c/index.js';
import type { MacroEnv } from './macro-env.js';
import { lex, spell, splitArguments, type Token } from '../c/index.js';
import { asmStatements, decodeAsmString, trapInstruction } from '../arch/index.js';

/** musl's syscall macro family (src/internal/syscall.h): calls to these are sites themselves. */
const PRIMITIVE = /^(?:__syscall(?:_cp)?[0-7]?|syscall(?:_cp)?|__socketcall(?:_cp)?|socketcall(?:_cp)?)$/;
/** musl's wrappers that pick a syscall per arch: `__sys_open`, `sys_wait4_cp`, `__sys_pause` (1.2.6) … */
const WRAPPER = /^(?:__)?sys_[a-z0-9_]+$/;
const ASM_KEYWORD = /^(?:__asm__|__asm|asm)$/;
const ASM_QUALIFIER = /^(?:volatile|__volatile__|__volatile|goto|inline)$/;

export const isPrimitive = (name: string): boolean => PRIMITIVE.test(name);
export const isWrapper = (name: string): boolean => WRAPPER.test(name);
export const isSocketcall = (name: string): boolean => /socketcall/.test(name);

/** Names the expander must leave alone: primitives (they are what we look for) and syscall numbers. */
const STOP = (name: string): boolean => PRIMITIVE.test(name) || name.startsWith('SYS_') || name.startsWith('__NR_');

/** The meaning of one primitive call, before it is placed (file, line, function) by the caller. */
export interface SiteMeaning {
  kind: SiteKind;
  callee: string;
  token: string | null;
  backendSymbol: string | null;
  resolved: SyscallNumber | null;
  argCount: number | null;
  cancellable: boolean;
  /** The macro whose body holds the call or trap, when it was reached through a macro. */
  viaMacro: MacroDefinition | null;
  /** What the code does with the result (direct calls only). */
  result?: SiteResult;
  /** The argument slots the backend receives on this arch and the types musl passes (direct calls only). */
  args?: SiteArgument[];
}

/** What the parse tree says about a direct call: its result's use and its written arguments' types. */
export interface CallTypes {
  result?: SiteResult;
  args?: { type: string | null; split: boolean }[];
}

/** Meaning of a direct call to a primitive, e.g. `__syscall(SYS_read, fd, buf, n)`. */
export function classifyPrimitiveCall(callText: string, env: MacroEnv, naming: BackendNaming, types: CallTypes = {}): SiteMeaning | null {
  const tokens = lex(callText);
  if (tokens[1]?.text !== '(') return null;
  const { args, close } = splitArguments(tokens, 1);
  if (close < 0) return null;
  const m = meaning(tokens[0].text, args, null, env, naming, true);
  if (!m) return null;
  if (types.result) m.result = types.result;
  if (types.args) {
    const slots = argumentSlots(args.slice(1), types.args, env);
    if (slots) m.args = slots;
  }
  return m;
}

/**
 * The backend's argument slots on this arch, each with the type musl passes: one per written
 * argument, except a 64-bit value `__SYSCALL_LL_E/O` splits into halves on 32-bit arches. Null when
 * the written arguments and the types do not line up.
 */
function argumentSlots(args: Token[][], types: { type: string | null; split: boolean }[], env: MacroEnv): SiteArgument[] | null {
  const written = args.filter((a) => a.length > 0);
  if (written.length !== types.length) return null;
  const slots: SiteArgument[] = [];
  written.forEach((arg, i) => {
    const n = countArguments([arg], env, true);
    if (n === 1) slots.push({ type: types[i].type, half: false });
    else for (let k = 0; k < n; k++) slots.push({ type: types[i].split ? 'long' : null, half: types[i].split });
  });
  return slots;
}

/**
 * Meanings of a call to a macro (a wrapper such as `sys_open(...)`, or any macro whose body holds
 * syscalls or inline asm): the call is expanded with the arch's macros, and every primitive call and
 * trap instruction in the expansion is one meaning.
 */
export function classifyMacroCall(callText: string, env: MacroEnv, naming: BackendNaming): SiteMeaning[] {
  const expanded = expandTokens(lex(callText), env, STOP);
  const out: SiteMeaning[] = [];
  for (let i = 0; i < expanded.length; i++) {
    const t = expanded[i];
    if (t.kind !== 'ident') continue;
    if (PRIMITIVE.test(t.text) && expanded[i + 1]?.text === '(') {
      const { args, close } = splitArguments(expanded, i + 1);
      if (close < 0) continue;
      const m = meaning(t.text, args, t.origin ?? null, env, naming, false);
      if (m) out.push(m);
    } else if (ASM_KEYWORD.test(t.text)) {
      let j = i + 1;
      while (expanded[j] && ASM_QUALIFIER.test(expanded[j].text)) j++;
      if (expanded[j]?.text !== '(') continue;
      for (const instruction of trapsInTemplate(env.table.arch, templateTokens(expanded, j), env)) {
        out.push(trapMeaning(instruction, t.origin ?? null));
      }
    }
  }
  return out;
}

/** Tokens of an asm template: from after '(' to the first ':' or the closing ')' at depth 0. */
function templateTokens(tokens: Token[], open: number): Token[] {
  const out: Token[] = [];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) break;
      depth--;
    } else if (t.text === ':' && depth === 0) break;
    out.push(t);
  }
  return out;
}

/** Trap instructions of an inline-asm template (strings and string macros such as SYSCALL_INSNS). */
export function trapsInTemplate(arch: string, template: Token[], env: MacroEnv): string[] {
  const expanded = expandTokens(template, env);
  const text = expanded
    .filter((t) => t.kind === 'string')
    .map((t) => decodeAsmString(t.text))
    .join('');
  const out: string[] = [];
  for (const line of text.split('\n')) {
    for (const s of asmStatements(arch, line)) {
      const trap = trapInstruction(arch, s.text);
      if (trap) out.push(trap);
    }
  }
  return out;
}

export function trapMeaning(instruction: string, via: MacroDefinition | null): SiteMeaning {
  return { kind: 'trap', callee: instruction, token: null, backendSymbol: null, resolved: null, argCount: null, cancellable: false, viaMacro: via };
}

function meaning(
  callee: string,
  args: ExpandedToken[][],
  via: MacroDefinition | null,
  env: MacroEnv,
  naming: BackendNaming,
  expandArgs: boolean,
): SiteMeaning | null {
  const first = args[0] ?? [];
  if (first.length === 0) return null;
  const rest = args.slice(1);
  const argCount = countArguments(rest, env, expandArgs);
  const cancellable = callee.includes('_cp');
  if (isSocketcall(callee)) {
    const op = spell(first);
    return {
      kind: 'socketcall',
      callee,
      token: op,
      backendSymbol: naming.socketcallPrefix + op,
      // musl's __alt_socketcall tries SYS_<op> first and falls back to SYS_socketcall.
      resolved: resolveNumber(`SYS_${op}`, env) ?? resolveNumber('SYS_socketcall', env),
      argCount,
      cancellable,
      viaMacro: via,
    };
  }
  if (first.length === 1 && first[0].kind === 'ident' && first[0].text.startsWith('SYS_')) {
    const token = first[0].text;
    return {
      kind: 'constant',
      callee,
      token,
      backendSymbol: naming.syscallPrefix + token.slice('SYS_'.length),
      resolved: resolveNumber(token, env),
      argCount,
      cancellable,
      viaMacro: via,
    };
  }
  const literal = first.length === 1 && first[0].kind === 'number' ? Number(first[0].text) : NaN;
  return {
    kind: 'dynamic',
    callee,
    token: spell(first),
    backendSymbol: naming.dynamic,
    resolved: Number.isFinite(literal) ? (env.table.syscalls.find((s) => s.number === literal) ?? null) : null,
    argCount,
    cancellable,
    viaMacro: via,
  };
}

/**
 * Arguments after the number as the compiler sees them: `__SYSCALL_LL_O(x)` is two arguments on
 * 32-bit arches. Arguments that came out of a macro expansion are already expanded.
 */
function countArguments(args: Token[][], env: MacroEnv, expand: boolean): number {
  let n = 0;
  for (const arg of args) {
    if (arg.length === 0) continue;
    const tokens = expand ? expandTokens(arg, env, STOP) : arg;
    let depth = 0;
    n++;
    for (const t of tokens) {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (t.text === ',' && depth === 0) n++;
    }
  }
  return n;
}

/**
 * The kernel syscall `SYS_x` stands for here: follow musl's `#define SYS_a SYS_b` aliases in the
 * current macro state to the number the generated bits/syscall.h gives.
 */
export function resolveNumber(token: string, env: MacroEnv): SyscallNumber | null {
  let name = token;
  for (let hops = 0; hops < 8; hops++) {
    const def = env.macro(name);
    if (!def) break;
    const body = def.body.trim();
    if (/^SYS_\w+$/.test(body)) {
      name = body;
      continue;
    }
    if (/^\d+$/.test(body) && def.file === 'obj/include/bits/syscall.h') {
      return { name: name.slice('SYS_'.length), number: Number(body) };
    }
    break;
  }
  // Outside a translation unit that includes syscall.h, fall back to the table's aliases.
  const bare = token.slice('SYS_'.length);
  const alias = env.table.aliases.find((a) => a.name === bare);
  if (alias) return { name: alias.target, number: alias.number };
  return env.table.syscalls.find((s) => s.name === bare) ?? null;
}
