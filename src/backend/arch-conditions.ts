// Which arches a definition is compiled for, from the `#if`/`#ifdef` branches around it:
// `#ifdef __x86_64__ … #elif defined(__i386__) … #else …`. Conditions on anything but the arch
// macros count as "maybe" (every arch), so an undecidable condition never hides a definition.
import type { Node } from 'web-tree-sitter';

/** musl's arches; complements (`#ifndef __x86_64__`) are taken within this list. */
export const MUSL_ARCHES = [
  'aarch64', 'arm', 'i386', 'loongarch64', 'm68k', 'microblaze', 'mips', 'mips64', 'mipsn32', 'or1k',
  'powerpc', 'powerpc64', 'riscv32', 'riscv64', 's390x', 'sh', 'x32', 'x86_64',
] as const;

/** GCC's predefined arch macros → musl arch. */
export const ARCH_MACROS: Record<string, string> = {
  __x86_64__: 'x86_64',
  __x86_64: 'x86_64',
  __amd64__: 'x86_64',
  __amd64: 'x86_64',
  __i386__: 'i386',
  __i386: 'i386',
  i386: 'i386',
  __aarch64__: 'aarch64',
  __arm__: 'arm',
  __powerpc64__: 'powerpc64',
  __s390x__: 's390x',
  __m68k__: 'm68k',
  __microblaze__: 'microblaze',
  __or1k__: 'or1k',
  __sh__: 'sh',
  __loongarch64: 'loongarch64',
};

/**
 * Directory names kernels use for one arch's code (IncludeOS: `src/arch/x86_64`, `src/arch/i686`,
 * `src/arch/aarch64`, and `src/arch/x86` shared by both x86 arches) → musl arches. musl's own arch
 * names count too.
 */
const ARCH_DIRECTORY_NAMES: Record<string, string[]> = {
  x86_64: ['x86_64'],
  x64: ['x86_64'],
  amd64: ['x86_64'],
  i386: ['i386'],
  i686: ['i386'],
  x86: ['i386', 'x86_64'],
  aarch64: ['aarch64'],
  arm64: ['aarch64'],
};

/** The arches a directory name stands for, null when it names none. */
export function archesOfDirectoryName(name: string): string[] | null {
  if (Object.hasOwn(ARCH_DIRECTORY_NAMES, name)) return ARCH_DIRECTORY_NAMES[name];
  return (MUSL_ARCHES as readonly string[]).includes(name) ? [name] : null;
}

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
  const arch = ARCH_MACROS[name];
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
