// Reads an IncludeOS-style musl-includeos derivation (deps/musl/default.nix): the musl version it
// builds, where the source comes from, and its patch list. Always read as text: the same parse is
// what `sync --write` edits.

import { UserError } from '../util/errors.js';
import { parseExpressionFile, readSourceAndPatches, readStringAttr, type ParsedExpression } from './expression.js';
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
