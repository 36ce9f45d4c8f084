// Rewrites a musl-includeos derivation's text for a new musl version: the version string, `src`
// as fetchurl of the release tarball with its SRI hash, and `patches` as the generated series.
// Edits replace exactly the parsed spans, so comments and the rest of the file stay as written.

import { dirname, relative } from 'node:path';
import { UserError } from '../util/errors.js';
import { UPSTREAM_RELEASES } from '../source/index.js';
import { parseExpressionText, readStringAttr, where, type ParsedExpression } from './expression.js';
import type { Binding, NixNode } from './parse.js';
import { attrBinding, attrValue, calleeName, type Scope } from './static.js';

export interface DerivationUpdate {
  version: string;
  /** `sha256-<base64>` of the verified release tarball. */
  sri: string;
  /** Absolute patch files of the generated series, in order. */
  patches: string[];
  /** How the comment above the list names the series, e.g. `musl-patches/1.2.6/series`. */
  seriesLabel: string;
}

export interface RewrittenDerivation {
  text: string;
  /** One line per change, for the summary. */
  changes: string[];
  warnings: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

type AttrBinding = Extract<Binding, { kind: 'attr' }>;

/** Build steps of the hand-made syscall layer; the generated series does their job. */
const HAND_LAYER = /syscall_arch\.h|includeos_syscalls\.h|src\/internal\/syscall\.h/;
const HAND_LAYER_HOOKS = ['postUnpack', 'prePatch', 'postPatch', 'preConfigure'];

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** A Nix path literal for `file` relative to the derivation's directory. */
export function pathLiteral(fromDir: string, file: string): string {
  let rel = relative(fromDir, file).split('\\').join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (/^[a-zA-Z0-9._+\-/]+$/.test(rel)) return rel;
  return `(./. + ${JSON.stringify(`/${rel}`).replace(/\$\{/g, '\\${')})`;
}

/** Follows `version = v;` / `inherit version;` to the string literal that holds the value. */
function literalVersionNode(parsed: ParsedExpression): NixNode {
  const found = attrValue(parsed.drv, parsed.drv.outer, 'version');
  let node: NixNode | null = found?.node ?? null;
  let nodeScope: Scope | null = found?.scope ?? null;
  for (let depth = 0; node && nodeScope && node.type === 'id' && depth < 20; depth++) {
    const bound: { node: NixNode; scope: Scope } | null = nodeScope.lookup(node.name);
    if (!bound) break;
    ({ node, scope: nodeScope } = bound);
  }
  if (!node || node.type !== 'str' || !node.parts.every((p) => typeof p === 'string')) {
    const at = node ? ` at ${where(parsed, node)}` : '';
    throw new UserError(`cannot rewrite the version of ${parsed.file}${at}: it is not a plain string literal`, 'write version = "x.y.z"; in the derivation, then run sync --write again');
  }
  return node;
}

function removeBindingEdit(text: string, b: Binding): Edit {
  const start = lineStart(text, b.start);
  const onlyIndentBefore = /^[ \t]*$/.test(text.slice(start, b.start));
  const from = onlyIndentBefore ? start : b.start;
  let to = b.end;
  const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(to))![0];
  to += rest.length;
  // Drop one blank line too, so removing a block does not leave two blank lines.
  if (onlyIndentBefore && /^[ \t]*\r?\n/.test(text.slice(to)) && /\n[ \t]*\n$/.test(text.slice(0, from))) {
    to += /^[ \t]*\r?\n/.exec(text.slice(to))![0].length;
  }
  return { start: from, end: to, text: '' };
}

/** How the new src can call fetchurl, adding a `fetchurl` function argument when needed. */
function fetchurlAccess(parsed: ParsedExpression, src: AttrBinding | null): { callee: string; edit: Edit | null; change: string | null } {
  if (src && src.value.type === 'apply' && calleeName(src.value.fn) === 'fetchurl') {
    return { callee: parsed.text.slice(src.value.fn.start, src.value.fn.end), edit: null, change: null };
  }
  const lambda = parsed.drv.topLambda;
  const formals = lambda?.formals ?? null;
  if (formals?.some((f) => f.name === 'fetchurl')) return { callee: 'fetchurl', edit: null, change: null };
  if (parsed.drv.underWith) return { callee: 'fetchurl', edit: null, change: null };
  if (!formals || formals.length === 0) {
    throw new UserError(`cannot give ${parsed.file} access to fetchurl: it is not a '{ stdenv, ... }:' function`, 'make the derivation a callPackage-style function taking fetchurl, then run sync --write again');
  }
  const first = formals[0];
  const text = parsed.text;
  const after = text.slice(first.end);
  const leadingComma = /^([ \t]*\r?\n[ \t]*),/.exec(after);
  let edit: Edit;
  if (leadingComma) {
    // `{ stdenv\n, pkgs\n}` style
    edit = { start: first.end, end: first.end, text: `${leadingComma[1]}, fetchurl` };
  } else if (/^,[ \t]*\r?\n/.test(after)) {
    // one argument per line with trailing commas
    const comma = first.end + 1;
    edit = { start: comma, end: comma, text: `\n${indentAt(text, first.start)}fetchurl,` };
  } else {
    edit = { start: first.end, end: first.end, text: ', fetchurl' };
  }
  return { callee: 'fetchurl', edit, change: 'added fetchurl to the function arguments' };
}

export function rewriteDerivation(parsed: ParsedExpression, update: DerivationUpdate): RewrittenDerivation {
  const { text } = parsed;
  const { attrs, style, selfName } = parsed.drv;
  const edits: Edit[] = [];
  const changes: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const oldVersion = readStringAttr(parsed, 'version', notes);

  const versionNode = literalVersionNode(parsed);
  edits.push({ start: versionNode.start, end: versionNode.end, text: JSON.stringify(update.version) });
  changes.push(`version ${oldVersion ?? '?'} → ${update.version}`);

  const src = attrBinding(attrs, 'src');
  const access = fetchurlAccess(parsed, src);
  if (access.edit) edits.push(access.edit);
  if (access.change) changes.push(access.change);
  const versionRef = style === 'rec' ? '${version}' : style === 'finalAttrs' ? `\${${selfName}.version}` : update.version;
  const anchor = src ?? attrBinding(attrs, 'version')!;
  const indent = indentAt(text, anchor.start);
  const inner = `${indent}  `;
  const srcText = [
    `${access.callee} {`,
    `${inner}url = "${UPSTREAM_RELEASES}/musl-${versionRef}.tar.gz";`,
    `${inner}hash = "${update.sri}";`,
    `${indent}}`,
  ].join('\n');
  if (src) {
    const was = src.value.type === 'apply' ? calleeName(src.value.fn) ?? 'an expression' : 'an expression';
    edits.push({ start: src.value.start, end: src.value.end, text: srcText });
    changes.push(`src: ${was} → fetchurl of the release tarball, hash ${update.sri}`);
  } else {
    edits.push({ start: anchor.end, end: anchor.end, text: `\n\n${indent}src = ${srcText};` });
    changes.push(`src added: fetchurl of the release tarball, hash ${update.sri}`);
  }

  const fromDir = dirname(parsed.file);
  const listText = [
    '[',
    `${inner}# generated by musl-patch: ${update.seriesLabel}`,
    ...update.patches.map((p) => `${inner}${pathLiteral(fromDir, p)}`),
    `${indent}]`,
  ].join('\n');
  const patches = attrBinding(attrs, 'patches');
  if (patches) {
    const old = parsed.text.slice(patches.value.start, patches.value.end).replace(/\s+/g, ' ');
    edits.push({ start: patches.value.start, end: patches.value.end, text: listText });
    changes.push(`patches: ${old.length > 70 ? `${old.slice(0, 67)}...` : old} → ${update.patches.length} series patches`);
  } else {
    const after = src ?? anchor;
    edits.push({ start: after.end, end: after.end, text: `\n\n${indent}patches = ${listText};` });
    changes.push(`patches added: ${update.patches.length} series patches`);
  }

  for (const hook of HAND_LAYER_HOOKS) {
    const b = attrBinding(attrs, hook);
    if (b && HAND_LAYER.test(text.slice(b.start, b.end))) {
      edits.push(removeBindingEdit(text, b));
      changes.push(`removed ${hook}: it replaced musl's syscall headers by hand; the series does that now`);
    }
  }
  const cflags = attrBinding(attrs, 'CFLAGS');
  if (cflags && /int-conversion/.test(text.slice(cflags.start, cflags.end))) {
    warnings.push(`${parsed.file}: CFLAGS still has -Wno-error=int-conversion, which only the hand-made layer needed; consider removing it`);
  }

  edits.sort((a, b) => b.start - a.start);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].end > edits[i - 1].start) throw new Error(`overlapping edits in ${parsed.file}`);
  }
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);

  // The result must read back as the new version; anything else is a bug here, not user error.
  const check = parseExpressionText(parsed.file, out);
  const readBack = readStringAttr(check, 'version', []);
  if (readBack !== update.version) throw new Error(`rewritten ${parsed.file} reads back as version ${readBack}`);
  return { text: out, changes, warnings };
}
