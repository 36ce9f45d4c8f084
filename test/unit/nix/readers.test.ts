import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { readIncludeosDerivation } from '../../../src/nix/includeos.js';
import { pinnedCheckout, readNixpkgsMusl, readNixpkgsMuslText } from '../../../src/nix/nixpkgs.js';
import { FIXTURES } from './fixtures.js';

const SHA_125 = 'a9a118bbe84d8764da0ea0d28b3ab3fae8477fc7e4085d90102b8596fc7c75e4';
const RELATIVE_PATCH_HEX = '56609dfb6f9bd5dbd14e630a02617e3a31ac1ef3c42fb3a0a91a98c57c6eca41';
const SHA_126 = 'd585fd3b613c66151fc3249e8ed44f77020cb5e6c1e635a616d3f9f82460512a';

function tempNix(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'musl-patch-nix-')), 'default.nix');
  writeFileSync(file, text);
  return file;
}

describe('pkgsStatic musl from nixpkgs text', () => {
  it('reads the rec / sha256-base64 / local-patch layout', () => {
    const musl = readNixpkgsMuslText({ nixpkgs: join(FIXTURES, 'nixpkgs-mini') });
    expect(musl.method).toBe('text');
    expect(musl.file).toBe(join(FIXTURES, 'nixpkgs-mini/pkgs/os-specific/linux/musl/default.nix'));
    expect(musl.version).toBe('1.2.5');
    expect(musl.src.fetcher).toBe('fetchurl');
    expect(musl.src.url).toBe('https://musl.libc.org/releases/musl-1.2.5.tar.gz');
    expect(musl.src.hash?.hex).toBe(SHA_125);
    expect(musl.patches.map((p) => [p.kind, p.label, p.conditional])).toEqual([
      ['fetchurl', '300-relative.patch', false],
      ['path', 'stdio-skip-empty-iovec-when-buffering-is-disabled.patch', false],
      ['path', 'renameat2.patch', false],
      ['path', 'ppc-only.patch', true],
    ]);
    expect(musl.patches[1].file).toBe(join(FIXTURES, 'nixpkgs-mini/pkgs/os-specific/linux/musl/stdio-skip-empty-iovec-when-buffering-is-disabled.patch'));
    // nix-hash --type sha256 --to-base16 0hfadrycb60sm6hb6by4ycgaqc9sgrhh42k39v8xpmcvdzxrsq2n
    expect(musl.patches[0].hash?.hex).toBe(RELATIVE_PATCH_HEX);
    expect(musl.notes).toEqual([]);
  });

  it('reads the by-name / finalAttrs / SRI layout through a pinned file', () => {
    const musl = readNixpkgsMuslText({ pinned: join(FIXTURES, 'includeos-1.2.5/pinned.nix') });
    expect(musl.version).toBe('1.2.6');
    expect(musl.file).toBe(join(FIXTURES, 'nixpkgs-mini-1.2.6/pkgs/by-name/mu/musl/package.nix'));
    expect(musl.src.url).toBe('https://musl.libc.org/releases/musl-1.2.6.tar.gz');
    expect(musl.src.hash?.hex).toBe(SHA_126);
    expect(musl.src.hash?.spelling).toBe('sri');
  });

  it('says plainly when a pinned nixpkgs is remote', () => {
    expect(() => pinnedCheckout(join(FIXTURES, 'pinned-remote.nix'))).toThrow(/pins a remote nixpkgs \(fetchTarball\); it cannot be read without nix/);
  });

  it('says plainly when the version is not a literal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'musl-patch-nixpkgs-'));
    const expr = join(dir, 'pkgs/by-name/mu/musl');
    mkdirSync(expr, { recursive: true });
    writeFileSync(join(expr, 'package.nix'), '{ stdenv, sources }:\nstdenv.mkDerivation { inherit (sources.musl) pname version src; }\n');
    expect(() => readNixpkgsMuslText({ nixpkgs: dir })).toThrow(UserError);
    expect(() => readNixpkgsMuslText({ nixpkgs: dir })).toThrow(/version comes from 'inherit \(sources\.musl\) pname version src;' at .*package\.nix:2:23, which cannot be read without evaluation/);
  });

  it('refuses a directory without a musl expression', () => {
    expect(() => readNixpkgsMuslText({ nixpkgs: FIXTURES })).toThrow(/no musl expression/);
  });

  it('falls back to text when nix-instantiate is missing, and says so', async () => {
    const musl = await readNixpkgsMusl({ nixpkgs: join(FIXTURES, 'nixpkgs-mini') }, { bin: '/nonexistent/nix-instantiate' });
    expect(musl.method).toBe('text');
    expect(musl.version).toBe('1.2.5');
    expect(musl.notes[0]).toMatch(/nix-instantiate not found/);
    await expect(readNixpkgsMusl({ nixpkgs: join(FIXTURES, 'nixpkgs-mini') }, { bin: '/nonexistent/nix-instantiate', method: 'eval' })).rejects.toThrow(UserError);
  });
});

describe('musl-includeos derivation', () => {
  it('reads the fetchGit-by-rev shape', () => {
    const d = readIncludeosDerivation(join(FIXTURES, 'includeos-1.2.5/deps/musl/default.nix'));
    expect(d.pname).toBe('musl-includeos');
    expect(d.version).toBe('1.2.5');
    expect(d.src).toMatchObject({ fetcher: 'fetchGit', url: 'git://git.musl-libc.org/musl', rev: '0784374d561435f7c787a555aeab8ede699ed298', hash: null });
    expect(d.patches.map((p) => p.label)).toEqual(['musl.patch', 'endian.patch']);
  });

  it('reads the fetchGit-by-tag shape with interpolated ref', () => {
    const d = readIncludeosDerivation(join(FIXTURES, 'includeos-1.2.3/deps/musl/default.nix'));
    expect(d.version).toBe('1.2.3');
    expect(d.src.fetcher).toBe('fetchGit');
    expect(d.src.rev).toBe('refs/tags/v1.2.3');
  });

  it('reads the older `with pkgs; let drv = mkDerivation ...; in drv` shape', () => {
    const file = tempNix(`{ nixpkgs ? <nixpkgs>, pkgs ? import nixpkgs {} }:
with pkgs;
let
  stdenv = clang7Stdenv;
  musl-includeos = stdenv.mkDerivation rec {
    pname = "musl-includeos";
    version = "1.1.18";
    src = fetchGit { url = "git://git.musl-libc.org/musl"; rev = "eb03bde2f24582874cb72b56c7811bf51da0c817"; };
  };
in
musl-includeos
`);
    const d = readIncludeosDerivation(file);
    expect(d.version).toBe('1.1.18');
    expect(d.src.rev).toBe('eb03bde2f24582874cb72b56c7811bf51da0c817');
    expect(d.patches).toEqual([]);
  });

  it('turns syntax errors into a one-line UserError with the position', () => {
    const file = tempNix('{ stdenv }:\nstdenv.mkDerivation {\n  version = "1.2.5"\n}\n');
    expect(() => readIncludeosDerivation(file)).toThrow(/default\.nix:4:1: expected ';'/);
  });
});
