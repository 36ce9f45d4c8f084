// Reading values out of a parsed Nix file without evaluating it: string literals with `${}`
// interpolation of names bound by `let`, `rec { }`, `inherit` or a `finalAttrs:` argument, and the
// attribute set a package expression hands to `stdenv.mkDerivation`. Anything else is "unknown" (null).

import type { Binding, NixNode } from './parse.js';

interface Bound {
  node: NixNode;
  scope: Scope;
}

/** Names in scope; a name bound to null is known to exist but has no readable value (a function argument). */
export class Scope {
  private readonly names = new Map<string, Bound | null>();

  constructor(readonly parent: Scope | null = null) {}

  bind(name: string, value: Bound | null): void {
    this.names.set(name, value);
  }

  lookup(name: string): Bound | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.names.has(name)) return s.names.get(name) ?? null;
    }
    return null;
  }

  /** A child scope holding the bindings of a `let` or `rec { }`. */
  withBindings(bindings: Binding[]): Scope {
    const child = new Scope(this);
    for (const b of bindings) {
      if (b.kind === 'attr') {
        const key = b.path[0];
        if (b.path.length === 1 && key.kind === 'name') child.bind(key.name, { node: b.value, scope: child });
      } else {
        for (const key of b.names) {
          if (key.kind !== 'name') continue;
          if (b.from) {
            const select: NixNode = { type: 'select', target: b.from, path: [key], fallback: null, start: key.start, end: key.end };
            child.bind(key.name, { node: select, scope: this });
          } else {
            child.bind(key.name, this.lookup(key.name));
          }
        }
      }
    }
    return child;
  }
}

const MAX_DEPTH = 50;

/** The binding `name = ...;` of an attribute set (single-name paths only). */
export function attrBinding(attrs: NixNode, name: string): Extract<Binding, { kind: 'attr' }> | null {
  if (attrs.type !== 'attrs') return null;
  for (const b of attrs.bindings) {
    if (b.kind === 'attr' && b.path.length === 1 && b.path[0].kind === 'name' && b.path[0].name === name) return b;
  }
  return null;
}

/**
 * The value of attribute `name` of a set and the scope to read it in, following `inherit name;`
 * (to the enclosing scope) and `inherit (from) name;` (to `from.name`).
 */
export function attrValue(scoped: ScopedAttrs, outer: Scope, name: string): { node: NixNode; scope: Scope } | null {
  const direct = attrBinding(scoped.attrs, name);
  if (direct) return { node: direct.value, scope: scoped.scope };
  for (const b of scoped.attrs.bindings) {
    if (b.kind !== 'inherit') continue;
    const key = b.names.find((k) => k.kind === 'name' && k.name === name);
    if (!key) continue;
    if (!b.from) return outer.lookup(name);
    return { node: { type: 'select', target: b.from, path: [key], fallback: null, start: key.start, end: key.end }, scope: outer };
  }
  return null;
}

/** Whether `inherit ... name;` appears in the set (its value is then not a literal we can edit). */
export function inheritsName(attrs: NixNode, name: string): boolean {
  return attrs.type === 'attrs' && attrs.bindings.some((b) => b.kind === 'inherit' && b.names.some((k) => k.kind === 'name' && k.name === name));
}

/** An attribute set literal together with the scope its values are read in. */
export interface ScopedAttrs {
  attrs: Extract<NixNode, { type: 'attrs' }>;
  scope: Scope;
}

export function scopedAttrs(attrs: NixNode, outer: Scope): ScopedAttrs | null {
  if (attrs.type !== 'attrs') return null;
  return { attrs, scope: attrs.rec ? outer.withBindings(attrs.bindings) : outer };
}

/** Follows names and selections to an attribute set literal. */
export function resolveAttrs(node: NixNode, scope: Scope, depth = 0): ScopedAttrs | null {
  if (depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'attrs':
      return scopedAttrs(node, scope);
    case 'id': {
      const bound = scope.lookup(node.name);
      return bound ? resolveAttrs(bound.node, bound.scope, depth + 1) : null;
    }
    case 'select': {
      let current = resolveAttrs(node.target, scope, depth + 1);
      for (const key of node.path) {
        if (!current || key.kind !== 'name') return null;
        const b = attrBinding(current.attrs, key.name);
        if (b) current = resolveAttrs(b.value, current.scope, depth + 1);
        else return null;
      }
      return current;
    }
    default:
      return null;
  }
}

/** The string a node stands for, or null when it cannot be known without evaluation. */
export function staticString(node: NixNode, scope: Scope, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'str': {
      let out = '';
      for (const part of node.parts) {
        if (typeof part === 'string') out += part;
        else {
          const value = staticString(part, scope, depth + 1);
          if (value === null) return null;
          out += value;
        }
      }
      return out;
    }
    case 'uri':
      return node.text;
    case 'id': {
      const bound = scope.lookup(node.name);
      return bound ? staticString(bound.node, bound.scope, depth + 1) : null;
    }
    case 'select': {
      const target = resolveAttrs(node.target, scope, depth + 1);
      if (target && node.path.length === 1 && node.path[0].kind === 'name') {
        const b = attrBinding(target.attrs, node.path[0].name);
        if (b) return staticString(b.value, target.scope, depth + 1);
      } else if (target && node.path.length > 1) {
        const inner: NixNode = { ...node, target: { ...node, path: node.path.slice(0, -1), fallback: null }, path: node.path.slice(-1) };
        return staticString(inner, scope, depth + 1);
      }
      return node.fallback ? staticString(node.fallback, scope, depth + 1) : null;
    }
    case 'binop': {
      if (node.op !== '+') return null;
      const left = staticString(node.left, scope, depth + 1);
      const right = left === null ? null : staticString(node.right, scope, depth + 1);
      return left === null || right === null ? null : left + right;
    }
    default:
      return null;
  }
}

/** The last name of `stdenv.mkDerivation`, `pkgs.fetchurl`, `fetchGit`... */
export function calleeName(node: NixNode): string | null {
  if (node.type === 'id') return node.name;
  if (node.type === 'select') {
    const last = node.path[node.path.length - 1];
    return last.kind === 'name' ? last.name : null;
  }
  return null;
}

/** The attribute set a package expression passes to mkDerivation, and how it was found. */
export interface DerivationAttrs extends ScopedAttrs {
  /** `rec { }`, `(finalAttrs: { })`, or a plain set. */
  style: 'rec' | 'finalAttrs' | 'plain';
  /** The `finalAttrs` argument name when style is finalAttrs. */
  selfName: string | null;
  /** The `{ stdenv, fetchurl, ... }:` function at the top of the file, when there is one. */
  topLambda: Extract<NixNode, { type: 'lambda' }> | null;
  /** Whether a `with` is in effect around the derivation (names may come from it). */
  underWith: boolean;
  /** The scope around the set, where `inherit name;` looks. */
  outer: Scope;
}

/**
 * Finds `stdenv.mkDerivation rec { ... }` / `mkDerivation (finalAttrs: { ... })` through the
 * lambdas, `let`s, `with`s and names around it.
 */
export function findDerivation(root: NixNode): DerivationAttrs | null {
  const topLambda = root.type === 'lambda' ? root : null;
  const visit = (node: NixNode, scope: Scope, underWith: boolean, depth: number): DerivationAttrs | null => {
    if (depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'lambda': {
        const inner = new Scope(scope);
        if (node.param) inner.bind(node.param, null);
        for (const f of node.formals ?? []) inner.bind(f.name, null);
        return visit(node.body, inner, underWith, depth + 1);
      }
      case 'let':
        return visit(node.body, scope.withBindings(node.bindings), underWith, depth + 1);
      case 'with':
        return visit(node.body, scope, true, depth + 1);
      case 'assert':
        return visit(node.body, scope, underWith, depth + 1);
      case 'id': {
        const bound = scope.lookup(node.name);
        return bound ? visit(bound.node, bound.scope, underWith, depth + 1) : null;
      }
      case 'apply': {
        if (calleeName(node.fn) !== 'mkDerivation') return null;
        const arg = node.arg;
        if (arg.type === 'attrs') {
          const scoped = scopedAttrs(arg, scope)!;
          return { ...scoped, style: arg.rec ? 'rec' : 'plain', selfName: null, topLambda, underWith, outer: scope };
        }
        if (arg.type === 'lambda' && arg.param && !arg.formals && arg.body.type === 'attrs') {
          const inner = new Scope(scope);
          const attrs = arg.body;
          inner.bind(arg.param, { node: attrs, scope: inner });
          const scoped = scopedAttrs(attrs, inner)!;
          return { ...scoped, style: 'finalAttrs', selfName: arg.param, topLambda, underWith, outer: inner };
        }
        return null;
      }
      default:
        return null;
    }
  };
  return visit(root, new Scope(), false, 0);
}
