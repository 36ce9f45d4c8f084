// Reads version, source and patch list out of a package expression's text (no evaluation).

import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { parseSha256 } from './hash.js';
import { NixParseError, parseNix, lineColumn, type NixNode } from './parse.js';
import { attrBinding, attrValue, calleeName, findDerivation, inheritsName, resolveAttrs, staticString, type DerivationAttrs, type Scope } from './static.js';
import type { PatchRef, SourceRef } from './types.js';

const FETCHERS = new Set(['fetchurl', 'fetchzip', 'fetchgit', 'fetchGit', 'fetchFromGitHub', 'fetchFromGitLab', 'fetchTarball', 'fetchpatch', 'fetchpatch2']);

/** A parsed package expression and the derivation attributes found in it. */
export interface ParsedExpression {
  file: string;
  text: string;
  root: NixNode;
  drv: DerivationAttrs;
}

export function parseExpressionFile(file: string): ParsedExpression {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`, 'pass the path of an existing Nix file');
  }
  return parseExpressionText(file, text);
}

export function parseExpressionText(file: string, text: string): ParsedExpression {
  let root: NixNode;
  try {
    root = parseNix(text);
  } catch (err) {
    if (err instanceof NixParseError) {
      throw new UserError(`cannot read ${file}:${err.message}`, 'musl-patch reads plain package expressions; check the file with `nix-instantiate --parse`, or use --nixpkgs/--pinned with nix-instantiate on PATH');
    }
    throw err;
  }
  const drv = findDerivation(root);
  if (!drv) {
    throw new UserError(`cannot read ${file}: no 'stdenv.mkDerivation { ... }' found`, 'point musl-patch at the musl package expression itself (the file calling mkDerivation)');
  }
  return { file, text, root, drv };
}

export function where(parsed: ParsedExpression, node: { start: number }): string {
  const { line, column } = lineColumn(parsed.text, node.start);
  return `${parsed.file}:${line}:${column}`;
}

/** A named string attribute of the derivation (`version`, `pname`), or null with a note why not. */
export function readStringAttr(parsed: ParsedExpression, name: string, notes: string[]): string | null {
  const { attrs } = parsed.drv;
  const found = attrValue(parsed.drv, parsed.drv.outer, name);
  const value = found ? staticString(found.node, found.scope) : null;
  if (value !== null || !found && !inheritsName(attrs, name)) return value;
  const inherit = attrs.bindings.find((b) => b.kind === 'inherit' && b.names.some((k) => k.kind === 'name' && k.name === name));
  if (!attrBinding(attrs, name) && inherit) {
    notes.push(`${name} comes from '${snippet(parsed, inherit)}' at ${where(parsed, inherit)}, which cannot be read without evaluation`);
  } else if (found) {
    notes.push(`${name} at ${where(parsed, found.node)} is not a literal string: ${snippet(parsed, found.node)}`);
  }
  return null;
}

function snippet(parsed: ParsedExpression, node: { start: number; end: number }): string {
  const text = parsed.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function stringAttr(attrs: NixNode, scope: Scope, name: string): string | null {
  const b = attrBinding(attrs, name);
  return b ? staticString(b.value, scope) : null;
}

/** `fetchurl { url = ...; hash = ...; }` and its relatives, read statically. */
export function readSource(node: NixNode, scope: Scope): SourceRef {
  const none: SourceRef = { fetcher: null, url: null, rev: null, hashText: null, hash: null };
  if (node.type !== 'apply') return none;
  const fetcher = calleeName(node.fn);
  if (!fetcher || !FETCHERS.has(fetcher)) return none;
  const arg = resolveAttrs(node.arg, scope);
  if (!arg) return { ...none, fetcher };
  const { attrs, scope: inner } = arg;
  let url = stringAttr(attrs, inner, 'url');
  const urls = attrBinding(attrs, 'urls');
  if (!url && urls && urls.value.type === 'list' && urls.value.items.length > 0) url = staticString(urls.value.items[0], inner);
  if (!url && fetcher === 'fetchFromGitHub') {
    const owner = stringAttr(attrs, inner, 'owner');
    const repo = stringAttr(attrs, inner, 'repo');
    if (owner && repo) url = `https://github.com/${owner}/${repo}`;
  }
  const hashText = stringAttr(attrs, inner, 'hash') ?? stringAttr(attrs, inner, 'sha256') ?? stringAttr(attrs, inner, 'outputHash');
  return {
    fetcher,
    url,
    rev: stringAttr(attrs, inner, 'rev') ?? stringAttr(attrs, inner, 'tag') ?? stringAttr(attrs, inner, 'ref'),
    hashText,
    hash: hashText ? parseSha256(hashText) : null,
  };
}

const OPTIONAL = new Set(['optional', 'optionals', 'optionalString']);

/** The entries of a `patches` value: lists, `++`, `lib.optional(s)`, `if`, names bound to lists. */
export function readPatchList(parsed: ParsedExpression, node: NixNode, scope: Scope, conditional = false, depth = 0): PatchRef[] {
  if (depth > 20) return [otherPatch(parsed, node, conditional)];
  switch (node.type) {
    case 'list':
      return node.items.flatMap((item) => readPatchItem(parsed, item, scope, conditional));
    case 'binop':
      if (node.op === '++') {
        return [...readPatchList(parsed, node.left, scope, conditional, depth + 1), ...readPatchList(parsed, node.right, scope, conditional, depth + 1)];
      }
      break;
    case 'if':
      return [...readPatchList(parsed, node.then, scope, true, depth + 1), ...readPatchList(parsed, node.else, scope, true, depth + 1)];
    case 'id': {
      const bound = scope.lookup(node.name);
      if (bound) return readPatchList(parsed, bound.node, bound.scope, conditional, depth + 1);
      break;
    }
    case 'apply':
      if (node.fn.type === 'apply' && OPTIONAL.has(calleeName(node.fn.fn) ?? '')) {
        const which = calleeName(node.fn.fn);
        return which === 'optional'
          ? readPatchItem(parsed, node.arg, scope, true)
          : readPatchList(parsed, node.arg, scope, true, depth + 1);
      }
      break;
  }
  return [otherPatch(parsed, node, conditional)];
}

function otherPatch(parsed: ParsedExpression, node: NixNode, conditional: boolean): PatchRef {
  const text = parsed.text.slice(node.start, node.end);
  return { kind: 'other', label: snippet(parsed, node), file: null, url: null, hash: null, conditional, text };
}

function readPatchItem(parsed: ParsedExpression, node: NixNode, scope: Scope, conditional: boolean): PatchRef[] {
  const text = parsed.text.slice(node.start, node.end);
  const local = localPath(parsed.file, node);
  if (local) return [{ kind: 'path', label: basename(local), file: local, url: null, hash: null, conditional, text }];
  if (node.type === 'apply') {
    const src = readSource(node, scope);
    if (src.fetcher) {
      const arg = resolveAttrs(node.arg, scope);
      const name = arg ? stringAttr(arg.attrs, arg.scope, 'name') : null;
      const label = name ?? (src.url ? basename(src.url.replace(/[?#].*$/, '')) : text);
      return [{ kind: 'fetchurl', label, file: null, url: src.url, hash: src.hash, conditional, text }];
    }
  }
  if (node.type === 'list' || node.type === 'binop' || node.type === 'if' || node.type === 'id') {
    return readPatchList(parsed, node, scope, conditional);
  }
  return [otherPatch(parsed, node, conditional)];
}

/** `./x.patch`, `../p/x.patch`, `/abs/x.patch` or `"${./x.patch}"`, resolved against the file's directory. */
function localPath(file: string, node: NixNode): string | null {
  let path: string | null = null;
  if (node.type === 'path' && !node.text.startsWith('<') && !node.text.startsWith('~')) path = node.text;
  else if (node.type === 'str' && node.parts.length === 1 && typeof node.parts[0] !== 'string' && node.parts[0].type === 'path') {
    path = node.parts[0].text;
  }
  if (path === null) return null;
  return isAbsolute(path) ? path : resolve(dirname(file), path);
}

/** The derivation's `src` and `patches`, read statically. */
export function readSourceAndPatches(parsed: ParsedExpression, notes: string[]): { src: SourceRef; patches: PatchRef[] } {
  const { attrs, scope } = parsed.drv;
  const srcBinding = attrBinding(attrs, 'src');
  const src: SourceRef = srcBinding ? readSource(srcBinding.value, scope) : { fetcher: null, url: null, rev: null, hashText: null, hash: null };
  if (!srcBinding) notes.push('no src attribute');
  else if (!src.fetcher) notes.push(`src at ${where(parsed, srcBinding.value)} is not a fetcher call: ${snippet(parsed, srcBinding.value)}`);
  else if (src.hashText && !src.hash) notes.push(`src hash '${src.hashText}' is not a sha256 in a form Nix accepts`);
  const patchBinding = attrBinding(attrs, 'patches');
  const patches = patchBinding ? readPatchList(parsed, patchBinding.value, scope) : [];
  for (const p of patches) if (p.kind === 'other') notes.push(`patch entry not read: ${p.label}`);
  return { src, patches };
}
