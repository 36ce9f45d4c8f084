// C macro expansion (`#`, `##`, `__VA_ARGS__`, GNU `, ## __VA_ARGS__`), used to follow wrappers such
// as `sys_open(...)` to the syscall primitive they reach on one arch, to count a call's arguments
// after arch macros like `__SYSCALL_LL_O(x)` (two arguments on 32-bit arches), and inside `#if`.
//
// The model is GCC's (cpplib), so that answers agree with `gcc -E`: a stack of contexts, one per
// macro expansion being rescanned; a macro is disabled while its context is on the stack (popped
// lazily, once a read goes past its end); a disabled macro's name read in the meantime is painted
// and never expands again; arguments are collected unexpanded (across context ends, which pops
// them) and each is fully expanded on its own before substitution. Every step is linear in the
// tokens it produces, and the total is bounded (util/limits.ts).

import { UserError } from '../util/errors.js';
import { LIMITS } from '../util/limits.js';
import type { MacroDefinition } from './directives.js';
import { lex, type Token } from './tokens.js';

export interface ExpandedToken extends Token {
  /** Painted: named a macro while that macro was disabled, so it never expands (C's "blue paint"). */
  noExpand?: true;
  /** The innermost macro whose body this token was written in; undefined for the input's own tokens. */
  origin?: MacroDefinition;
}

export interface ExpandEnv {
  /** The definition in force, or undefined when the name is not (known to be) a macro. */
  macro(name: string): MacroDefinition | undefined;
}

/** Thrown when an expansion exceeds a limit: a hostile or broken input (`atLine` adds file:line). */
export class ExpansionLimit extends Error {}

/** Runs `fn` (which expands macros) for `file`:`line`; a limit it hits becomes one line naming that place. */
export function atLine<T>(file: string, line: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ExpansionLimit)) throw err;
    throw new UserError(`${file}:${line}: ${err.message}`, 'no real musl source comes near this limit: check that file, and report it if it is musl as released');
  }
}

/** Work allowed for one expansion (shared with nested argument expansions). */
export interface ExpansionBudget {
  /** Tokens still allowed to be produced by substitutions. */
  tokens: number;
  /** The allowance it started with (named in the error). */
  readonly limit: number;
}

export function expansionBudget(limit = LIMITS.macroExpansionTokens): ExpansionBudget {
  return { tokens: limit, limit };
}

/** A definition's replacement list, lexed once, each token already marked as written in it. */
const bodyCache = new WeakMap<MacroDefinition, ExpandedToken[]>();
function bodyTokens(def: MacroDefinition): ExpandedToken[] {
  let t = bodyCache.get(def);
  if (!t) bodyCache.set(def, (t = lex(def.body).map((x) => token(x.kind, x.text, x.space, def))));
  return t;
}

const NO_TOKENS: readonly ExpandedToken[] = [];

/** Every token made here has the same fields in the same order: one object shape keeps the hot loops monomorphic (2-3x faster). */
function token(kind: Token['kind'], text: string, space: boolean, origin?: MacroDefinition, noExpand?: true): ExpandedToken {
  return { kind, text, space, origin, noExpand };
}

function respaced(t: ExpandedToken, space: boolean): ExpandedToken {
  return token(t.kind, t.text, space, t.origin, t.noExpand);
}

interface Context {
  tokens: readonly ExpandedToken[];
  pos: number;
  /** The macro whose expansion this is (disabled while the context is on the stack); null for input. */
  macro: MacroDefinition | null;
}

/**
 * Fully expands `input`. Identifiers for which `stop` is true are left alone (with their arguments
 * still expanded as ordinary tokens), which is how syscall primitives stay visible in the output.
 */
export function expandTokens(
  input: readonly Token[],
  env: ExpandEnv,
  stop: (name: string) => boolean = () => false,
  budget: ExpansionBudget = expansionBudget(),
): ExpandedToken[] {
  const tokens = input.map((t) => token(t.kind, t.text, t.space, (t as ExpandedToken).origin, (t as ExpandedToken).noExpand));
  return new Expander(env, stop, budget, new Map()).run(tokens);
}

class Expander {
  private readonly stack: Context[] = [];
  private readonly out: ExpandedToken[] = [];

  constructor(
    private readonly env: ExpandEnv,
    private readonly stop: (name: string) => boolean,
    private readonly budget: ExpansionBudget,
    /** Macro name → how many of its contexts are on the stack (shared with argument expansions). */
    private readonly disabled: Map<string, number>,
  ) {}

  run(input: readonly ExpandedToken[]): ExpandedToken[] {
    this.stack.push({ tokens: input, pos: 0, macro: null });
    for (let t = this.next(); t; t = this.next()) this.handle(t);
    return this.out;
  }

  /** The next token, popping the contexts a read goes past (which enables their macros again). */
  private next(): ExpandedToken | undefined {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) return undefined;
      if (top.pos < top.tokens.length) {
        const t = top.tokens[top.pos++];
        // A read-out context stays (its macro disabled) until a read goes past it, but not its tokens:
        // a chain of expansions would otherwise keep every intermediate list alive.
        if (top.pos === top.tokens.length && this.stack.length > 1) this.release(top);
        return t;
      }
      if (this.stack.length === 1) return undefined; // the input's end: keep it for the caller
      this.pop();
    }
  }

  private release(ctx: Context): void {
    ctx.tokens = NO_TOKENS;
    ctx.pos = 0;
  }

  private pop(): void {
    const ctx = this.stack.pop()!;
    if (ctx.macro) {
      const n = this.disabled.get(ctx.macro.name)! - 1;
      if (n === 0) this.disabled.delete(ctx.macro.name);
      else this.disabled.set(ctx.macro.name, n);
    }
  }

  private push(tokens: ExpandedToken[], macro: MacroDefinition): void {
    if (this.stack.length >= LIMITS.macroDepth) {
      throw new ExpansionLimit(`macro expansion of ${macro.name} nests deeper than ${LIMITS.macroDepth} levels (the macroDepth limit)`);
    }
    this.stack.push({ tokens, pos: 0, macro });
    this.disabled.set(macro.name, (this.disabled.get(macro.name) ?? 0) + 1);
  }

  private handle(t: ExpandedToken): void {
    if (t.kind !== 'ident' || t.noExpand || this.stop(t.text)) {
      this.out.push(t);
      return;
    }
    const def = this.env.macro(t.text);
    if (!def) {
      this.out.push(t);
      return;
    }
    if (this.disabled.has(def.name)) {
      this.out.push(token(t.kind, t.text, t.space, t.origin, true));
      return;
    }
    if (def.params === null) {
      this.push(this.substitute(def, [], t), def);
      return;
    }
    const args = this.collectArguments(def);
    if (!args) {
      this.out.push(t); // not an invocation: the name alone
      return;
    }
    this.push(this.substitute(def, args, t), def);
  }

  /**
   * After a function-like macro's name: the arguments of `( ... )`, read unexpanded across context
   * ends. Null (nothing consumed) when no `(` follows, the list is unterminated, or the count does
   * not fit the macro (the compiler would stop with an error there).
   */
  private collectArguments(def: MacroDefinition): ExpandedToken[][] | null {
    // Look ahead without consuming: a frame index and position into the stack.
    let frame = this.stack.length - 1;
    let pos = this.stack[frame].pos;
    const read = (): ExpandedToken | undefined => {
      for (;;) {
        const ctx = this.stack[frame];
        if (pos < ctx.tokens.length) return ctx.tokens[pos++];
        if (frame === 0) return undefined;
        frame--;
        pos = this.stack[frame].pos;
      }
    };
    if (read()?.text !== '(') return null;
    const args: ExpandedToken[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = read();
      if (!t) return null;
      if (t.kind === 'punct') {
        if (t.text === '(') depth++;
        else if (t.text === ')') {
          if (depth === 0) break;
          depth--;
        } else if (t.text === ',' && depth === 0) {
          args.push([]);
          continue;
        }
      }
      args[args.length - 1].push(t);
    }
    const fitted = fitArguments(def, args);
    if (!fitted) return null;
    // Commit: contexts read past are popped (their macros enabled again), as a real read would.
    while (this.stack.length - 1 > frame) this.pop();
    const ctx = this.stack[frame];
    ctx.pos = pos;
    if (pos === ctx.tokens.length && frame > 0) this.release(ctx);
    return fitted;
  }

  /** The fully expanded form of an argument, on its own: its end is the end of the input. */
  private expandArgument(arg: ExpandedToken[]): ExpandedToken[] {
    // No macro name in it: expanding changes nothing (the common case, and a long chain's).
    if (!arg.some((t) => t.kind === 'ident' && !t.noExpand && this.env.macro(t.text) !== undefined)) return arg;
    return new Expander(this.env, this.stop, this.budget, this.disabled).run(arg);
  }

  /** The replacement list of `def` with `args` substituted (`#`, `##`, placemarkers). */
  private substitute(def: MacroDefinition, args: ExpandedToken[][], name: ExpandedToken): ExpandedToken[] {
    const params = def.params ?? [];
    const index = new Map(params.map((p, k) => [p, k]));
    const expanded = new Map<number, ExpandedToken[]>();
    const absentVariadic = new Set<ExpandedToken[]>();
    const body = bodyTokens(def);
    // Pieces: token lists; 'paste' marks a `##` between the previous and next piece.
    const pieces: (ExpandedToken[] | 'paste')[] = [];
    for (let k = 0; k < body.length; k++) {
      const t = body[k];
      if (t.kind === 'punct' && t.text === '##') {
        pieces.push('paste');
        continue;
      }
      if (def.params && t.kind === 'punct' && t.text === '#' && body[k + 1] && index.has(body[k + 1].text)) {
        const raw = args[index.get(body[++k].text)!];
        pieces.push([token('string', stringize(raw), t.space, def)]);
        continue;
      }
      const p = t.kind === 'ident' ? index.get(t.text) : undefined;
      if (p !== undefined) {
        const pasted = body[k - 1]?.text === '##' || body[k + 1]?.text === '##';
        let tokens: ExpandedToken[];
        // An empty argument next to `##` is a placemarker: pasting with it leaves the other side.
        if (pasted) tokens = args[p].length > 0 ? args[p] : [PLACEMARKER];
        else {
          if (!expanded.has(p)) expanded.set(p, this.expandArgument(args[p]));
          tokens = expanded.get(p)!;
        }
        const piece = tokens.length > 0 && tokens[0] !== PLACEMARKER && tokens[0].space !== t.space ? [respaced(tokens[0], t.space), ...tokens.slice(1)] : tokens;
        if (args[p] === ABSENT) absentVariadic.add(piece);
        pieces.push(piece);
        continue;
      }
      pieces.push([t]);
    }
    const result: ExpandedToken[] = [];
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      if (piece === 'paste') continue;
      if (pieces[k - 1] !== 'paste' || piece.length === 0 || result.length === 0) {
        for (const x of piece) result.push(x);
        continue;
      }
      // `##`: the last token before glued to the first after (one token when the spelling is one).
      const left = result.pop()!;
      const right = piece[0];
      if (left === PLACEMARKER) result.push(right);
      else if (right === PLACEMARKER) {
        // GNU `, ## __VA_ARGS__` drops the comma when the variable arguments are left out (`F(1)`,
        // not `F(1,)`: gcc keeps it there).
        if (!(left.text === ',' && absentVariadic.has(piece))) result.push(left);
      } else {
        for (const g of lex(left.text + right.text)) result.push(token(g.kind, g.text, left.space, left.origin ?? def));
      }
      for (let j = 1; j < piece.length; j++) result.push(piece[j]);
    }
    const done = result.includes(PLACEMARKER) ? result.filter((x) => x !== PLACEMARKER) : result;
    if (done.length > 0 && done[0].space !== name.space) done[0] = respaced(done[0], name.space);
    this.budget.tokens -= done.length;
    if (this.budget.tokens < 0) {
      throw new ExpansionLimit(`macro expansion of ${def.name} produces more than ${this.budget.limit} tokens (the macroExpansionTokens limit)`);
    }
    return done;
  }
}

/** Arguments as the parameters take them (variable arguments joined back with commas), or null. */
function fitArguments(def: MacroDefinition, args: ExpandedToken[][]): ExpandedToken[][] | null {
  const params = def.params!;
  const variadic = params[params.length - 1] === '__VA_ARGS__';
  const given = args.length === 1 && args[0].length === 0 && (params.length === 0 || (params.length === 1 && variadic)) ? 0 : args.length;
  if (variadic) {
    const fixed = params.length - 1;
    if (given < fixed) return null;
    const rest = args.slice(fixed);
    if (given === fixed) return [...args.slice(0, fixed), ABSENT];
    const joined = rest.flatMap((a, j) => (j === 0 ? a : [token('punct', ',', false), ...a]));
    return [...args.slice(0, fixed), joined];
  }
  if (params.length === 0) return given === 0 ? [] : null;
  // `f()` for a one-parameter macro passes one empty argument.
  return given === params.length ? args : null;
}

/** The variable arguments of a call that gives none (`F(1)` for `F(a, ...)`, `G()` for `G(...)`). */
const ABSENT: ExpandedToken[] = [];

/** Stands for an empty argument beside `##` until pasting is done. */
const PLACEMARKER: ExpandedToken = token('punct', '', false);

/** `#x`: the argument's spelling as a string literal (whitespace as one space; `"` and `\` escaped inside literals). */
function stringize(arg: ExpandedToken[]): string {
  let s = '';
  for (const [j, a] of arg.entries()) {
    const text = a.kind === 'string' || a.kind === 'char' ? a.text.replace(/[\\"]/g, (c) => `\\${c}`) : a.text;
    s += (j > 0 && a.space ? ' ' : '') + text;
  }
  return `"${s}"`;
}
