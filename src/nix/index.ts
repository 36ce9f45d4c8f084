// The nix stage: pkgsStatic's musl (nix eval or nixpkgs text), the musl-includeos derivation in
// (drift, `sync --write`) and out (`musl-patch nix`).
export { collectDrift, upstreamCheck, type DriftOptions } from './drift.js';
export { bumpDerivation, type BumpDeps, type BumpOptions, type BumpResult } from './bump.js';
export { emitDerivation, type EmitOptions } from './emit.js';
export { parseSha256, type Sha256 } from './hash.js';
export { readIncludeosBuildAttrs, readIncludeosDerivation, type IncludeosBuildAttrs } from './includeos.js';
export { parseExpressionFile, readSourceAndPatches, readStringAttr, type ParsedExpression } from './expression.js';
export { nixAvailable, nixParseFile, NixCommandError, type NixRunOptions } from './nix-cli.js';
export { readNixpkgsMusl, evalNixpkgsMusl, readNixpkgsMuslText, MUSL_EXPRESSION_PATHS, type NixpkgsSpec } from './nixpkgs.js';
export { formatBump, formatDrift } from './report.js';
export { readSeries, type PatchSeries } from './series.js';
export type { DriftReport, IncludeosMusl, NixpkgsMusl, PatchRef, SourceRef } from './types.js';
export { nixAccepts } from './nix-check.js';
