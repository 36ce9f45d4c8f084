import { describe, expect, it } from 'vitest';
import { emitDerivation } from '../../../src/nix/emit.js';
import { parseExpressionText } from '../../../src/nix/expression.js';
import { describeIncludeosDerivation } from '../../../src/nix/includeos.js';

describe('emitDerivation', () => {
  it('writes a callPackage-able derivation our reader (and the sync verb) understands', () => {
    const text = emitDerivation({
      version: '1.2.6',
      sri: 'sha256-1YX9O2E8ZhUfwySejtRPdwIMtebB5jWmFtP5+CRgUSo=',
      patches: ['/p/musl-patches/1.2.6/0001-a.patch', '/p/musl-patches/1.2.6/0002-b.patch'],
      outDir: '/p/nix',
      seriesLabel: '../musl-patches/1.2.6/series',
    });
    expect(text).toContain('{ lib\n, stdenv\n, fetchurl\n, linuxHeaders ? null\n}:');
    expect(text).toContain('    ../musl-patches/1.2.6/0001-a.patch\n    ../musl-patches/1.2.6/0002-b.patch\n  ];');
    expect(text).toContain('--disable-shared');
    expect(text).toContain('--target=${stdenv.hostPlatform.config}');
    const d = describeIncludeosDerivation(parseExpressionText('/p/nix/musl-includeos.nix', text));
    expect(d.pname).toBe('musl-includeos');
    expect(d.version).toBe('1.2.6');
    expect(d.src).toMatchObject({ fetcher: 'fetchurl', url: 'https://musl.libc.org/releases/musl-1.2.6.tar.gz' });
    expect(d.src.hash?.hex).toBe('d585fd3b613c66151fc3249e8ed44f77020cb5e6c1e635a616d3f9f82460512a');
    expect(d.patches.map((p) => p.file)).toEqual(['/p/musl-patches/1.2.6/0001-a.patch', '/p/musl-patches/1.2.6/0002-b.patch']);
  });
});
