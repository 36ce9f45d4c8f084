import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { bumpDerivation, type BumpDeps } from '../../../src/nix/bump.js';
import { parseSha256 } from '../../../src/nix/hash.js';
import { formatBump } from '../../../src/nix/report.js';
import { readIncludeosDerivation } from '../../../src/nix/includeos.js';
import type { NixpkgsMusl } from '../../../src/nix/types.js';
import { extractTarballSafely } from '../../../src/source/extract.js';
import { copyFixtures } from './fixtures.js';
import { makePatch, tinyTarball, TINY_FILES } from './tiny-musl.js';

const ARCH = 'arch/x86_64/syscall_arch.h';

function setup() {
  const root = copyFixtures();
  const derivation = join(root, 'includeos-1.2.5/deps/musl/default.nix');
  const patchesRoot = join(root, 'includeos-1.2.5/musl-patches');
  const { dir, tarball } = tinyTarball();
  const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const sri = `sha256-${createHash('sha256').update(readFileSync(tarball)).digest('base64')}`;
  // A small real regenerator: one patch replacing the trap instruction with a call, plus `series`.
  const regenerated: string[] = [];
  const regenerateSeries = async (version: string, patchesRootArg: string) => {
    expect(patchesRootArg).toBe(patchesRoot);
    regenerated.push(version);
    const out = join(patchesRoot, version);
    mkdirSync(out, { recursive: true });
    makePatch({ [ARCH]: TINY_FILES[ARCH] }, { [ARCH]: TINY_FILES[ARCH].replace('"syscall"', '"call syscall_n"') }, join(out, '0001-call-backend.patch'));
    writeFileSync(join(out, 'series'), '# musl-patch series\n0001-call-backend.patch\n');
  };
  const nixpkgsFresh = makePatch({ VERSION: '9.9.9\n' }, { VERSION: '9.9.9-nix\n' }, join(dir, 'fresh.patch'));
  const nixpkgsTouchesTrap = makePatch({ [ARCH]: TINY_FILES[ARCH] }, { [ARCH]: TINY_FILES[ARCH].replace('"syscall"', '"syscall # nixpkgs"') }, join(dir, 'trap.patch'));
  const nixpkgs: NixpkgsMusl = {
    method: 'text',
    origin: 'test',
    file: null,
    version: '9.9.9',
    src: { fetcher: 'fetchurl', url: 'https://musl.libc.org/releases/musl-9.9.9.tar.gz', rev: null, hashText: sri, hash: parseSha256(sri) },
    patches: [
      { kind: 'path', label: 'fresh.patch', file: nixpkgsFresh, url: null, hash: null, conditional: false, text: './fresh.patch' },
      { kind: 'fetchurl', label: 'remote.patch', file: null, url: 'https://example.org/remote.patch', hash: null, conditional: false, text: '' },
      { kind: 'path', label: 'trap.patch', file: nixpkgsTouchesTrap, url: null, hash: null, conditional: false, text: './trap.patch' },
    ],
    notes: [],
  };
  const deps: BumpDeps = {
    fetchTarball: async (version) => {
      expect(version).toBe('9.9.9');
      return { path: tarball, sha256 };
    },
    regenerateSeries,
    extract: extractTarballSafely,
    nixParse: async () => false, // nix is not used by unit tests; the integration tests run the real check
  };
  return { root, derivation, patchesRoot, nixpkgs, deps, sri, sha256, regenerated };
}

describe('bumpDerivation', () => {
  it('fetches, regenerates, proves the series, checks nixpkgs patches, rewrites the derivation', async () => {
    const s = setup();
    const result = await bumpDerivation({ derivation: s.derivation, nixpkgs: s.nixpkgs, patchesRoot: s.patchesRoot }, s.deps);
    expect(result).not.toBeNull();
    expect(s.regenerated).toEqual(['9.9.9']);
    expect(result!.from).toBe('1.2.5');
    expect(result!.to).toBe('9.9.9');
    expect(result!.tarball.sri).toBe(s.sri);
    expect(result!.nixpkgsPatches.map((o) => [o.label, o.status])).toEqual([
      ['fresh.patch', 'applies'],
      ['remote.patch', 'unavailable'],
      ['trap.patch', 'applies'],
    ]);
    expect(result!.nixpkgsPatchesOnSeries.map((o) => [o.label, o.status])).toEqual([
      ['fresh.patch', 'applies'],
      ['remote.patch', 'unavailable'],
      ['trap.patch', 'fails'],
    ]);
    expect(result!.warnings).toContain("nixpkgs' trap.patch conflicts with the generated series");
    expect(result!.warnings).toContain('1 nixpkgs patch(es) could not be checked offline (fetchurl, not in the nix store)');

    const written = readIncludeosDerivation(s.derivation);
    expect(written.version).toBe('9.9.9');
    expect(written.src).toMatchObject({ fetcher: 'fetchurl', url: 'https://musl.libc.org/releases/musl-9.9.9.tar.gz', hashText: s.sri });
    expect(written.patches.map((p) => p.file)).toEqual([join(s.patchesRoot, '9.9.9/0001-call-backend.patch')]);
    const summary = formatBump(result!);
    expect(summary.split('\n').slice(0, 2)).toEqual(['musl-includeos 1.2.5 → 9.9.9', `  tarball         ${result!.tarball.path} (sha256 ${s.sha256}, verified)`]);
    expect(summary).toContain(`  series          ${join(s.patchesRoot, '9.9.9')} (1 patch, apply cleanly to 9.9.9)`);
    expect(summary).toContain("  nixpkgs' patches on top of the series\n    applies         fresh.patch\n");
    expect(summary).toContain('    fails           trap.patch — ');
    expect(summary).toContain("warning: nixpkgs' trap.patch conflicts with the generated series");
    // No temp files left beside the derivation.
    expect(readdirSync(join(s.derivation, '..'))).toEqual(['default.nix']);
  });

  it('returns null when already in sync', async () => {
    const s = setup();
    const inSync = { ...s.nixpkgs, version: '1.2.5' };
    expect(await bumpDerivation({ derivation: s.derivation, nixpkgs: inSync, patchesRoot: s.patchesRoot }, s.deps)).toBeNull();
    expect(s.regenerated).toEqual([]);
  });

  it('refuses when nixpkgs hashes a different tarball than the verified one; derivation unchanged', async () => {
    const s = setup();
    const before = readFileSync(s.derivation, 'utf8');
    const other = parseSha256('sha256-qaEYu+hNh2TaDqDSizqz+uhHf8fkCF2QECuFlvx8deQ=');
    const nixpkgs = { ...s.nixpkgs, src: { ...s.nixpkgs.src, hash: other } };
    await expect(bumpDerivation({ derivation: s.derivation, nixpkgs, patchesRoot: s.patchesRoot }, s.deps)).rejects.toThrow(/is not the verified upstream tarball/);
    expect(readFileSync(s.derivation, 'utf8')).toBe(before);
  });

  it('refuses a series that does not apply; derivation unchanged', async () => {
    const s = setup();
    const before = readFileSync(s.derivation, 'utf8');
    const deps: BumpDeps = {
      ...s.deps,
      regenerateSeries: async (version: string) => {
        const out = join(s.patchesRoot, version);
        mkdirSync(out, { recursive: true });
        makePatch({ [ARCH]: 'not the tree\n' }, { [ARCH]: 'changed\n' }, join(out, '0001-stale.patch'));
        writeFileSync(join(out, 'series'), '0001-stale.patch\n');
      },
    };
    const err = await bumpDerivation({ derivation: s.derivation, nixpkgs: s.nixpkgs, patchesRoot: s.patchesRoot }, deps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/generated series for 9\.9\.9 does not apply.*0001-stale\.patch fails/);
    expect(readFileSync(s.derivation, 'utf8')).toBe(before);
  });

  it('refuses when nix rejects the rewritten file; derivation unchanged, temp file removed', async () => {
    const s = setup();
    const before = readFileSync(s.derivation, 'utf8');
    const deps: BumpDeps = { ...s.deps, nixParse: async () => { throw new Error('error: syntax error, unexpected end of file'); } };
    await expect(bumpDerivation({ derivation: s.derivation, nixpkgs: s.nixpkgs, patchesRoot: s.patchesRoot }, deps)).rejects.toThrow(/rejects the rewritten/);
    expect(readFileSync(s.derivation, 'utf8')).toBe(before);
    expect(readdirSync(join(s.derivation, '..'))).toEqual(['default.nix']);
  });

  it('without a generator, uses an existing series (with a warning) or says what is missing', async () => {
    const s = setup();
    const noGenerator: BumpDeps = { ...s.deps, regenerateSeries: null };
    await expect(bumpDerivation({ derivation: s.derivation, nixpkgs: s.nixpkgs, patchesRoot: s.patchesRoot }, noGenerator)).rejects.toThrow(/no patch series for musl 9\.9\.9 .* this build cannot generate one/);
    await s.deps.regenerateSeries!('9.9.9', s.patchesRoot);
    const result = await bumpDerivation({ derivation: s.derivation, nixpkgs: s.nixpkgs, patchesRoot: s.patchesRoot }, noGenerator);
    expect(result!.warnings[0]).toBe(`the series in ${join(s.patchesRoot, '9.9.9')} was used as found: this build cannot regenerate it`);
    expect(readIncludeosDerivation(s.derivation).version).toBe('9.9.9');
  });
});
