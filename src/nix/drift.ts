// Collects the drift between nixpkgs' pkgsStatic musl and the musl-includeos derivation.

import { PINNED_SHA256 } from '../source/index.js';
import { readIncludeosDerivation } from './includeos.js';
import { readNixpkgsMusl, type NixpkgsSpec, type ReadNixpkgsOptions } from './nixpkgs.js';
import { readSeries } from './series.js';
import type { DriftReport, SourceRef, UpstreamCheck } from './types.js';

export interface DriftOptions extends NixpkgsSpec, ReadNixpkgsOptions {
  /** The musl-includeos derivation file; null/undefined to report nixpkgs alone. */
  derivation?: string | null;
  /** Directory holding `<version>/series` (default `musl-patches`). */
  patchesRoot?: string;
}

/** Compares a source's hash with the pinned sha256 of the upstream release of `version`. */
export function upstreamCheck(src: SourceRef, version: string): UpstreamCheck {
  if (src.fetcher && /git/i.test(src.fetcher)) return 'not-a-tarball';
  if (!src.hash) return 'no-hash';
  const pinned = PINNED_SHA256[version];
  if (!pinned) return 'unpinned';
  return src.hash.hex === pinned ? 'matches' : 'differs';
}

export async function collectDrift(opts: DriftOptions): Promise<DriftReport> {
  const nixpkgs = await readNixpkgsMusl(opts, opts);
  const includeos = opts.derivation ? readIncludeosDerivation(opts.derivation) : null;
  const root = opts.patchesRoot ?? 'musl-patches';
  const series: Record<string, number | null> = {};
  for (const v of new Set([nixpkgs.version, ...(includeos ? [includeos.version] : [])])) {
    series[v] = readSeries(root, v)?.patches.length ?? null;
  }
  return {
    nixpkgs,
    nixpkgsUpstream: upstreamCheck(nixpkgs.src, nixpkgs.version),
    includeos,
    includeosUpstream: includeos ? upstreamCheck(includeos.src, includeos.version) : null,
    series,
    drift: includeos !== null && includeos.version !== nixpkgs.version,
  };
}
