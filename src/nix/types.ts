// Plain data produced by the nix stage: what nixpkgs' pkgsStatic musl is, what an IncludeOS-style
// musl-includeos derivation pins, and the drift between them. Reporters only format these.

import type { Sha256 } from './hash.js';

/** Where a musl source comes from, as far as the expression says. */
export interface SourceRef {
  /** `fetchurl`, `fetchgit`, `fetchGit`, `fetchFromGitHub`, `fetchzip`, ... or null when not a fetcher call. */
  fetcher: string | null;
  url: string | null;
  /** Git revision: `rev`, else `tag`, else `ref` as written. */
  rev: string | null;
  /** The hash as written (any spelling), or null when there is none or it is not a literal. */
  hashText: string | null;
  /** The hash decoded, when it is a sha256 in a spelling Nix accepts. */
  hash: Sha256 | null;
}

/** One entry of a `patches = [ ... ]` list. */
export interface PatchRef {
  /** `path`: a local file; `fetchurl`: a downloaded patch; `other`: anything not read statically. */
  kind: 'path' | 'fetchurl' | 'other';
  /** Short name for reports: the file name, the `name =`, or the URL's last segment. */
  label: string;
  /** A local file holding the patch (absolute), when there is one: a path literal, or a store path already present. */
  file: string | null;
  url: string | null;
  hash: Sha256 | null;
  /** Behind `lib.optional(s)` or `if`: may not apply on every platform. */
  conditional: boolean;
  /** The entry as written (text reading) or as printed by nix (evaluation). */
  text: string;
}

/** What the musl package of a nixpkgs says. */
export interface NixpkgsMusl {
  /** `eval`: nix-instantiate evaluated `pkgsStatic.musl`; `text`: the expression file was read. */
  method: 'eval' | 'text';
  /** The nixpkgs directory or pinned file asked for. */
  origin: string;
  /** The musl expression file read (text) or null (eval). */
  file: string | null;
  version: string;
  src: SourceRef;
  patches: PatchRef[];
  /** Things that could not be read, one short sentence each. */
  notes: string[];
}

/** What an IncludeOS-style musl-includeos derivation pins. */
export interface IncludeosMusl {
  file: string;
  pname: string | null;
  version: string;
  src: SourceRef;
  patches: PatchRef[];
  notes: string[];
}

/** How a source hash compares with the pinned sha256 of the upstream release. */
export type UpstreamCheck = 'matches' | 'differs' | 'unpinned' | 'no-hash' | 'not-a-tarball';

export interface DriftReport {
  nixpkgs: NixpkgsMusl;
  nixpkgsUpstream: UpstreamCheck;
  includeos: IncludeosMusl | null;
  includeosUpstream: UpstreamCheck | null;
  /** Patch series directories present for the versions involved: version → number of patches (null: absent). */
  series: Record<string, number | null>;
  /** True when musl-includeos and pkgsStatic musl are different versions. */
  drift: boolean;
}
