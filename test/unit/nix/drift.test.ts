import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectDrift } from '../../../src/nix/drift.js';
import { formatDrift } from '../../../src/nix/report.js';
import { copyFixtures, FIXTURES } from './fixtures.js';

describe('collectDrift + formatDrift (text reading)', () => {
  it('reports 1.2.3 → 1.2.5 drift against the pinned nixpkgs', async () => {
    const root = copyFixtures();
    const inc = join(root, 'includeos-1.2.3');
    mkdirSync(join(inc, 'musl-patches/1.2.5'), { recursive: true });
    writeFileSync(join(inc, 'musl-patches/1.2.5/0001-a.patch'), '');
    writeFileSync(join(inc, 'musl-patches/1.2.5/series'), '0001-a.patch\n');
    const report = await collectDrift({
      pinned: join(inc, 'pinned.nix'),
      derivation: join(inc, 'deps/musl/default.nix'),
      patchesRoot: join(inc, 'musl-patches'),
      method: 'text',
    });
    expect(report.drift).toBe(true);
    expect(report.nixpkgs.version).toBe('1.2.5');
    expect(report.nixpkgsUpstream).toBe('matches');
    expect(report.includeos?.version).toBe('1.2.3');
    expect(report.includeosUpstream).toBe('not-a-tarball');
    expect(report.series).toEqual({ '1.2.5': 1, '1.2.3': null });

    const text = formatDrift(report, 'musl-patch sync --write');
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24); // one screen
    expect(lines[0]).toBe(`pkgsStatic musl   1.2.5   (${join(inc, 'pinned.nix')}; read from ${join(root, 'nixpkgs-mini/pkgs/os-specific/linux/musl/default.nix')})`);
    expect(text).toContain('  sha256          sha256-qaEYu+hNh2TaDqDSizqz+uhHf8fkCF2QECuFlvx8deQ= — matches the upstream 1.2.5 release');
    expect(text).toContain('  nixpkgs patches 4: 300-relative.patch (fetchurl), stdio-skip-empty-iovec-when-buffering-is-disabled.patch, renameat2.patch, ppc-only.patch (conditional)');
    expect(text).toContain('  source          fetchGit git://git.musl-libc.org/musl rev refs/tags/v1.2.3');
    expect(text).toContain('patch series      1.2.5: 1 patches   1.2.3: absent');
    expect(text).toContain('DRIFT: musl-includeos builds musl 1.2.3, pkgsStatic uses 1.2.5; both must be the same version.');
    expect(text).toContain('  fix: musl-patch sync --write');
  });

  it('says in sync when versions agree, and flags a hash that is not upstream', async () => {
    const root = copyFixtures();
    const expr = join(root, 'nixpkgs-mini-1.2.6/pkgs/by-name/mu/musl/package.nix');
    // nixpkgs claims 1.2.5 but hashes 1.2.6's tarball.
    const { readFileSync } = await import('node:fs');
    writeFileSync(expr, readFileSync(expr, 'utf8').replace('version = "1.2.6"', 'version = "1.2.5"'));
    const report = await collectDrift({ nixpkgs: join(root, 'nixpkgs-mini-1.2.6'), derivation: join(FIXTURES, 'includeos-1.2.5/deps/musl/default.nix'), method: 'text' });
    expect(report.drift).toBe(false);
    expect(report.nixpkgsUpstream).toBe('differs');
    const text = formatDrift(report, 'x');
    expect(text).toContain('in sync: both use musl 1.2.5');
    expect(text).toContain('DIFFERS from the upstream 1.2.5 release tarball');
    expect(text).toContain("note: nixpkgs' musl source hash is not the upstream release's");
  });
});
