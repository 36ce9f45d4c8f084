// Which arches a definition is compiled for, from the `#if`/`#ifdef` branches around it:
// `#ifdef __x86_64__ … #elif defined(__i386__) … #else …`. Conditions on anything but the macros
// that name one arch (the arch table's `identity`) count as "maybe" (every arch), so an
// undecidable condition never hides a definition. Complements are taken within musl's arches.
import type { Node } from 'web-tree-sitter';
import { archOfIdentityMacro, MUSL_ARCHES } from '../arch/index.js';
import { evaluateIf, type ConditionEnv, type Definedness, type MacroDefinition } from '../c/index.js';

/** The arches a kernel's directory name stands for (the arch table's names). */
export { archesOfDirectoryName } from '../arch/index.js';

/**
 * Arches where a condition holds. `exact: false` when a non-arch term narrowed it (`__x86_64__ &&
 * HAVE_X`): true at most there, so its complement is unknown. null: not decided by the arch.
 */
type ArchSet = { set: Set<string>; exact: boolean } | null;

/** Arches `node` is compiled for, sorted; null when no arch condition applies. */
export function archesOf(node: Node): string[] | null {
  let result: Set<string> | null = null;
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (!/^preproc_(if|ifdef|elif|elifdef)$/.test(parent.type)) continue;
    const viaAlternative = parent.childForFieldName('alternative')?.id === child.id;
    let condition = conditionOf(parent);
    if (viaAlternative) condition = not(condition);
    if (condition) result = result ? intersect(result, condition.set) : condition.set;
  }
  return result ? [...result].sort() : null;
}

function conditionOf(node: Node): ArchSet {
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text ?? '';
    const set = macroSet(name);
    return /^#\s*(el)?ifndef/.test(node.text) ? not(set) : set;
  }
  const condition = node.childForFieldName('condition');
  return condition ? evaluate(condition.text) : null;
}

function macroSet(name: string): ArchSet {
  const arch = archOfIdentityMacro(name);
  return arch ? { set: new Set([arch]), exact: true } : null;
}

function not(a: ArchSet): ArchSet {
  return a?.exact ? { set: new Set(MUSL_ARCHES.filter((x) => !a.set.has(x))), exact: true } : null;
}

/**
 * Arches where `condition` holds, by the one `#if` evaluator run once per arch: that arch's identity
 * macros are defined as 1, every other arch's are undefined, anything else is unknown. An arch where
 * the value is unknown counts as "maybe" (in the set, inexact); a set of every arch that is not exact
 * says nothing about the arch and is null.
 */
export function evaluate(condition: string): ArchSet {
  const set = new Set<string>();
  let exact = true;
  for (const arch of MUSL_ARCHES) {
    const v = evaluateIf(condition, archEnv(arch));
    if (v === null) exact = false;
    if (v !== 0n) set.add(arch);
  }
  return !exact && set.size === MUSL_ARCHES.length ? null : { set, exact };
}

const envs = new Map<string, ConditionEnv>();

function archEnv(arch: string): ConditionEnv {
  let env = envs.get(arch);
  if (!env) {
    const defined = (name: string): Definedness => {
      const owner = archOfIdentityMacro(name);
      return owner === undefined ? 'unknown' : owner === arch ? 'yes' : 'no';
    };
    const macro = (name: string): MacroDefinition | undefined =>
      defined(name) === 'yes' ? { name, params: null, body: '1', file: '', line: 0, bodyColumn: 0 } : undefined;
    envs.set(arch, (env = { defined, macro }));
  }
  return env;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}
