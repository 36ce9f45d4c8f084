// C macro expansion (hide sets, `#`, `##`, `__VA_ARGS__`), used to follow wrappers such as
// `sys_open(...)` to the syscall primitive they reach on one arch, to count a call's arguments after
// arch macros like `__SYSCALL_LL_O(x)` (two arguments on 32-bit arches), and inside `#if`.

import type { MacroDefinition } from './directives.js';
import { lex, splitArguments, type Token } from './tokens.js';

export interface ExpandedToken extends Token {
  /** Macros that must not expand this token again (C's "hide set"). */
  hide?: ReadonlySet<string>;
  /** The innermost macro whose body this token was written in; undefined for the input's own tokens. */
  origin?: MacroDefinition;
}

export interface ExpandEnv {
  /** The definition in force, or undefined when the name is not (known to be) a macro. */
  macro(name: string): MacroDefinition | undefined;
}

/** Thrown when an expansion does not terminate within the step budget (a bug or a hostile input). */
export class ExpansionLimit extends Error {}

const bodyCache = new WeakMap<MacroDefinition, Token[]>();
function bodyTokens(def: MacroDefinition): Token[] {
  let t = bodyCache.get(def);
  if (!t) bodyCache.set(def, (t = lex(def.body)));
  return t;
}

/**
 * Fully expands `input`. Identifiers for which `stop` is true are left alone (with their arguments
 * still expanded as ordinary tokens), which is how syscall primitives stay visible in the output.
 */
export function expandTokens(input: Token[], env: ExpandEnv, stop: (name: string) => boolean = () => false, budget = { steps: 20_000 }): ExpandedToken[] {
  const work: ExpandedToken[] = input.slice();
  const out: ExpandedToken[] = [];
  let i = 0;
  while (i < work.length) {
    const t = work[i];
    if (t.kind !== 'ident' || stop(t.text) || t.hide?.has(t.text)) {
      out.push(t);
      i++;
      continue;
    }
    const def = env.macro(t.text);
    if (!def) {
      out.push(t);
      i++;
      continue;
    }
    if (--budget.steps < 0) throw new ExpansionLimit(`macro expansion of ${t.text} does not terminate`);
    const hide = new Set(t.hide ?? []);
    hide.add(def.name);
    if (def.params === null) {
      work.splice(i, 1, ...substitute(def, [], hide, env, stop, budget));
      continue;
    }
    if (work[i + 1]?.text !== '(') {
      out.push(t);
      i++;
      continue;
    }
    const { args, close } = splitArguments(work, i + 1);
    if (close < 0 || !arityFits(def, args)) {
      out.push(t);
      i++;
      continue;
    }
    const replacement = substitute(def, args, hide, env, stop, budget);
    if (replacement.length > 0) replacement[0] = { ...replacement[0], space: t.space };
    work.splice(i, close - i + 1, ...replacement);
  }
  return out;
}

function arityFits(def: MacroDefinition, args: Token[][]): boolean {
  const params = def.params!;
  const variadic = params[params.length - 1] === '__VA_ARGS__';
  const given = args.length === 1 && args[0].length === 0 && params.length === 0 ? 0 : args.length;
  return variadic ? given >= params.length - 1 : given === params.length || (params.length === 0 && given === 0);
}

function substitute(
  def: MacroDefinition,
  args: Token[][],
  hide: ReadonlySet<string>,
  env: ExpandEnv,
  stop: (name: string) => boolean,
  budget: { steps: number },
): ExpandedToken[] {
  const params = def.params ?? [];
  const variadic = params[params.length - 1] === '__VA_ARGS__';
  const argOf = (name: string): Token[] | undefined => {
    const k = params.indexOf(name);
    if (k < 0) return undefined;
    if (variadic && k === params.length - 1) {
      const rest = args.slice(k);
      return rest.flatMap((a, j) => (j === 0 ? a : [{ kind: 'punct' as const, text: ',', space: false }, ...a]));
    }
    return args[k] ?? [];
  };
  const body = bodyTokens(def);
  // Pieces: token lists; `paste` marks a `##` between the previous and next piece.
  const pieces: (ExpandedToken[] | 'paste')[] = [];
  for (let k = 0; k < body.length; k++) {
    const t = body[k];
    if (t.text === '##' && t.kind === 'punct') {
      pieces.push('paste');
      continue;
    }
    if (def.params && t.text === '#' && body[k + 1] && argOf(body[k + 1].text)) {
      const raw = argOf(body[++k].text)!;
      pieces.push([{ kind: 'string', text: JSON.stringify(raw.map((a, j) => (j && a.space ? ' ' : '') + a.text).join('')), space: t.space, origin: def, hide }]);
      continue;
    }
    const arg = t.kind === 'ident' ? argOf(t.text) : undefined;
    if (arg) {
      const pasted = body[k - 1]?.text === '##' || body[k + 1]?.text === '##';
      const tokens = pasted ? arg.slice() : expandTokens(arg, env, stop, budget);
      pieces.push(tokens.map((a, j) => (j === 0 ? { ...a, space: t.space } : a)));
      continue;
    }
    pieces.push([{ ...t, origin: def, hide }]);
  }
  // Apply `##`: glue the last token before it to the first token after it.
  const result: ExpandedToken[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p === 'paste') continue;
    if (pieces[k - 1] === 'paste' && result.length > 0 && p.length > 0) {
      const left = result.pop()!;
      const glued = lex(left.text + p[0].text);
      // GNU `, ## __VA_ARGS__` with empty arguments drops the comma; a normal paste yields one token.
      result.push(...glued.map((g) => ({ ...g, space: left.space, origin: left.origin ?? def, hide })), ...p.slice(1));
    } else if (pieces[k - 1] === 'paste' && p.length === 0 && result[result.length - 1]?.text === ',' && isVaArgsPiece(body, k)) {
      result.pop();
    } else {
      result.push(...p);
    }
  }
  return result.map((t) => (t.hide === hide || !t.hide ? { ...t, hide } : { ...t, hide: union(t.hide, hide) }));
}

function isVaArgsPiece(body: Token[], _k: number): boolean {
  return body.some((t) => t.text === '__VA_ARGS__');
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const s = new Set(a);
  for (const x of b) s.add(x);
  return s;
}
