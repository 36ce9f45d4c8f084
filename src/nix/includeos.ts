// Reads an IncludeOS-style musl-includeos derivation (deps/musl/default.nix): the musl version it
// builds, where the source comes from, and its patch list. Always read as text: the same parse is
// what `sync --write` edits.

import { UserError } from '../util/errors.js';
import { parseExpressionFile, readSourceAndPatches, readStringAttr, where, type ParsedExpression } from './expression.js';
import type { NixNode } from './parse.js';
import { attrBinding } from './static.js';
import type { IncludeosMusl } from './types.js';

export function describeIncludeosDerivation(parsed: ParsedExpression): IncludeosMusl {
  const notes: string[] = [];
  const pname = readStringAttr(parsed, 'pname', notes) ?? readStringAttr(parsed, 'name', []);
  const version = readStringAttr(parsed, 'version', notes);
  if (version === null) {
    throw new UserError(`cannot read musl's version from ${parsed.file} (${notes.join('; ') || 'no version attribute'})`, 'the derivation must set version = "x.y.z" in the set it passes to mkDerivation');
  }
  const { src, patches } = readSourceAndPatches(parsed, notes);
  return { file: parsed.file, pname, version, src, patches, notes };
}

export function readIncludeosDerivation(file: string): IncludeosMusl {
  return describeIncludeosDerivation(parseExpressionFile(file));
}

/**
 * The attributes of a musl-includeos derivation that say how musl is configured, as written:
 * `configurePhase` and `postUnpack` (strings, with `${...}` interpolations kept as text),
 * `configureFlags` (a list of strings) and `CFLAGS`. Null where the attribute is absent or not a string.
 */
export interface IncludeosBuildAttrs {
  configurePhase: string | null;
  configureFlags: string[] | null;
  cflags: string | null;
  postUnpack: string | null;
}

export function readIncludeosBuildAttrs(parsed: ParsedExpression, notes: string[]): IncludeosBuildAttrs {
  const { attrs } = parsed.drv;
  const text = (name: string): string | null => {
    const b = attrBinding(attrs, name);
    if (!b) return null;
    const t = templateText(parsed, b.value);
    if (t === null) notes.push(`${name} at ${where(parsed, b.value)} is not a string`);
    return t;
  };
  const flagsBinding = attrBinding(attrs, 'configureFlags');
  let configureFlags: string[] | null = null;
  if (flagsBinding) {
    if (flagsBinding.value.type === 'list') configureFlags = flagsBinding.value.items.map((item) => templateText(parsed, item) ?? parsed.text.slice(item.start, item.end));
    else notes.push(`configureFlags at ${where(parsed, flagsBinding.value)} is not a list`);
  }
  const env = attrBinding(attrs, 'env');
  const envCflags = env && env.value.type === 'attrs' ? attrBinding(env.value, 'CFLAGS') : null;
  return {
    configurePhase: text('configurePhase'),
    configureFlags,
    cflags: text('CFLAGS') ?? (envCflags ? templateText(parsed, envCflags.value) : null),
    postUnpack: text('postUnpack'),
  };
}

/** A string's text with interpolations as written (`${stdenv.targetPlatform.config}`); null for a non-string. */
function templateText(parsed: ParsedExpression, node: NixNode): string | null {
  if (node.type !== 'str') return null;
  return node.parts.map((p) => (typeof p === 'string' ? p : `\${${parsed.text.slice(p.start, p.end)}}`)).join('');
}
