// Which arches a definition is compiled for, from the `#if`/`#ifdef` branches around it:
// `#ifdef __x86_64__ … #elif defined(__i386__) … #else …`. Conditions on anything but the macros
// that name one arch (the arch table's `identity`) count as "maybe" (every arch), so an
// undecidable condition never hides a definition. Complements are taken within musl's arches.
import type { Node } from 'web-tree-sitter';
import { archOfIdentityMacro, MUSL_ARCHES } from '../arch/index.js';

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

/** Evaluates `defined(X)`, `X`, `0`/`1`, `!`, `&&`, `||` and parentheses; anything else is "maybe". */
export function evaluate(condition: string): ArchSet {
  const tokens = condition.match(/defined|[A-Za-z_]\w*|\d+\w*|&&|\|\||[!()]|\S/g) ?? [];
  let pos = 0;
  let failed = false;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  const primary = (): ArchSet => {
    const t = next();
    if (t === '(') {
      const inner = or();
      if (next() !== ')') failed = true;
      return inner;
    }
    if (t === '!') return not(primary());
    if (t === 'defined') {
      const paren = peek() === '(';
      if (paren) next();
      const name = next() ?? '';
      if (paren && next() !== ')') failed = true;
      return macroSet(name);
    }
    if (t === '0') return { set: new Set(), exact: true };
    if (t === '1') return { set: new Set(MUSL_ARCHES), exact: true };
    if (t !== undefined && /^[A-Za-z_]/.test(t)) return macroSet(t);
    failed = true;
    return null;
  };
  const and = (): ArchSet => {
    let acc = primary();
    while (peek() === '&&') {
      next();
      const right = primary();
      if (acc && right) acc = { set: intersect(acc.set, right.set), exact: acc.exact && right.exact };
      else if (acc || right) acc = { ...(acc ?? right)!, exact: false };
    }
    return acc;
  };
  const or = (): ArchSet => {
    let acc = and();
    while (peek() === '||') {
      next();
      const right = and();
      acc = acc && right ? { set: new Set([...acc.set, ...right.set]), exact: acc.exact && right.exact } : null;
    }
    return acc;
  };
  const result = or();
  return failed || pos !== tokens.length ? null : result;
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}
