// `sync --write`: move musl-includeos to pkgsStatic's musl version. Fetch and verify the release,
// regenerate the series, prove it applies, check nixpkgs' own musl patches against the new tree,
// then rewrite the derivation (temp file + rename; checked by `nix-instantiate --parse` when present).

import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { UserError } from '../util/errors.js';
import { sriFromHex } from '../source/index.js';
import { parseExpressionFile } from './expression.js';
import { describeIncludeosDerivation } from './includeos.js';
import { applyInOrder, checkable, type PatchOutcome } from './patch-check.js';
import { rewriteDerivation } from './rewrite-derivation.js';
import { readSeries, type PatchSeries } from './series.js';
import type { NixpkgsMusl } from './types.js';

export interface BumpDeps {
  /** Gets the verified release tarball (src/source fetchTarball). */
  fetchTarball(version: string): Promise<{ path: string; sha256: string }>;
  /**
   * Writes `<patchesRoot>/<version>/` (src/rewrite regenerateSeries). Null when this build has no
   * generator: an existing series for the version is then used as is, with a warning.
   */
  regenerateSeries: ((version: string, patchesRoot: string) => Promise<unknown>) | null;
  /** Extracts a verified tarball to `destDir` and returns the tree root (src/source extractTarballSafely). */
  extract(tarball: string, destDir: string): Promise<string>;
  /**
   * Checks a Nix file with `nix-instantiate --parse`: resolves true when nix accepted it, false when
   * nix is not installed, and rejects with nix's message when it refuses the file.
   */
  nixParse(file: string): Promise<boolean>;
}

export interface BumpOptions {
  derivation: string;
  nixpkgs: NixpkgsMusl;
  patchesRoot: string;
  /** Rewrite even when the derivation already has the version. */
  force?: boolean;
  /** Where temporary trees go (default: the OS temp dir). */
  workDir?: string;
}

export interface BumpResult {
  from: string;
  to: string;
  tarball: { path: string; sha256: string; sri: string };
  series: PatchSeries;
  derivation: string;
  changes: string[];
  parsedByNix: boolean;
  /** nixpkgs' musl patches applied, in order, to the pristine new tree. */
  nixpkgsPatches: PatchOutcome[];
  /** The same patches applied on top of the generated series. */
  nixpkgsPatchesOnSeries: PatchOutcome[];
  warnings: string[];
}

/** Null when the derivation is already at nixpkgs' version (and not forced). */
export async function bumpDerivation(opts: BumpOptions, deps: BumpDeps): Promise<BumpResult | null> {
  const parsed = parseExpressionFile(opts.derivation);
  const current = describeIncludeosDerivation(parsed);
  const to = opts.nixpkgs.version;
  if (current.version === to && !opts.force) return null;

  const fetched = await deps.fetchTarball(to);
  const expected = opts.nixpkgs.src.hash?.hex;
  if (expected && expected !== fetched.sha256) {
    throw new UserError(
      `nixpkgs' musl ${to} source hash ${opts.nixpkgs.src.hash!.sri} is not the verified upstream tarball's (${sriFromHex(fetched.sha256)})`,
      'nixpkgs builds a different musl-' + to + '.tar.gz than upstream released; investigate before syncing',
    );
  }
  const tarball = { path: fetched.path, sha256: fetched.sha256, sri: sriFromHex(fetched.sha256) };

  const warnings: string[] = [];
  if (deps.regenerateSeries) await deps.regenerateSeries(to, opts.patchesRoot);
  const series = readSeries(opts.patchesRoot, to);
  if (!series && deps.regenerateSeries) {
    throw new UserError(`no patch series in ${join(opts.patchesRoot, to)} after regenerating it`, 'check that the rewrite stage writes <patches>/<version>/series');
  }
  if (!series) throw new UserError(`no patch series for musl ${to} in ${join(opts.patchesRoot, to)}, and this build cannot generate one`, 'pass --patches DIR holding <version>/series, or use a build that includes the rewrite stage');
  if (!deps.regenerateSeries) warnings.push(`the series in ${series.dir} was used as found: this build cannot regenerate it`);

  const work = await mkdtemp(join(opts.workDir ?? tmpdir(), 'musl-patch-sync-'));
  try {
    const patched = await deps.extract(tarball.path, join(work, 'with-series'));
    const seriesOutcome = await applyInOrder(patched, series.patches.map((file) => ({ label: basename(file), file })));
    const broken = seriesOutcome.find((o) => o.status !== 'applies');
    if (broken) {
      throw new UserError(`the generated series for ${to} does not apply to the release tree: ${broken.label} ${broken.status} (${broken.detail})`, `fix the rewrite for musl ${to} before syncing`);
    }
    const wanted = checkable(opts.nixpkgs.patches);
    const nixpkgsPatchesOnSeries = await applyInOrder(patched, wanted);
    const pristine = await deps.extract(tarball.path, join(work, 'pristine'));
    const nixpkgsPatches = await applyInOrder(pristine, wanted);

    const rewritten = rewriteDerivation(parsed, {
      version: to,
      sri: tarball.sri,
      patches: series.patches,
      seriesLabel: `${relative(dirname(opts.derivation), series.dir) || '.'}/series (musl ${to})`,
    });
    const tmp = `${opts.derivation}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, rewritten.text);
    let parsedByNix: boolean;
    try {
      parsedByNix = await deps.nixParse(tmp);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new UserError(`nix-instantiate rejects the rewritten ${opts.derivation}: ${(err as Error).message}`, 'the derivation was left unchanged; report this as a musl-patch bug');
    }
    await rename(tmp, opts.derivation);

    warnings.push(...rewritten.warnings);
    const unavailable = nixpkgsPatches.filter((o) => o.status === 'unavailable').length;
    if (unavailable > 0) warnings.push(`${unavailable} nixpkgs patch(es) could not be checked offline (fetchurl, not in the nix store)`);
    for (const o of nixpkgsPatches) {
      if (o.status === 'fails') warnings.push(`nixpkgs' ${o.label} does not apply to musl ${to}: pkgsStatic's musl may be built differently`);
      if (o.status === 'already-applied') warnings.push(`nixpkgs' ${o.label} is already part of musl ${to}; nixpkgs will drop it`);
    }
    for (const o of nixpkgsPatchesOnSeries) {
      if (o.status === 'fails' && nixpkgsPatches.find((p) => p.label === o.label)?.status === 'applies') {
        warnings.push(`nixpkgs' ${o.label} conflicts with the generated series`);
      }
    }
    return { from: current.version, to, tarball, series, derivation: opts.derivation, changes: rewritten.changes, parsedByNix, nixpkgsPatches, nixpkgsPatchesOnSeries, warnings };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
