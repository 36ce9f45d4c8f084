// `sync --write` and `musl-patch nix` end to end on the fixtures with real musl tarballs and a real,
// isolated, offline nix: the written derivations parse, evaluate, and their fetchurl output path
// is the store path of the verified tarball (so the SRI hash is the tarball's).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNix } from '../../../src/cli/commands/nix.js';
import { bumpDerivation } from '../../../src/nix/bump.js';
import { nixAccepts } from '../../../src/nix/nix-check.js';
import { readNixpkgsMusl } from '../../../src/nix/nixpkgs.js';
import { applyInOrder } from '../../../src/nix/patch-check.js';
import { fetchTarball } from '../../../src/source/index.js';
import { cacheDir } from '../../../src/util/cache.js';
import { extractTarballSafely } from '../../../src/source/extract.js';
import { muslTree } from '../musl-trees.js';
import { nixSandbox, nixTool, type NixSandbox } from './nix-sandbox.js';
import { writeSimpleSeries } from './simple-series.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/nix');
let sandbox: NixSandbox;
const savedEnv = { ...process.env };

beforeAll(() => {
  sandbox = nixSandbox();
  // The sandbox moves HOME; keep musl-patch's cache (filled by the global setup) where it was.
  process.env.MUSL_PATCH_CACHE = cacheDir();
  // runNix checks its output with the nix-instantiate on PATH: keep that inside the sandbox too.
  Object.assign(process.env, sandbox.env);
});
afterAll(() => {
  for (const key of [...Object.keys(sandbox.env), 'MUSL_PATCH_CACHE']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

/** The store path nix gives the real tarball when added as a fixed-output sha256 file. */
async function tarballStorePath(version: string): Promise<string> {
  const { path } = await fetchTarball(version, { offline: true });
  const named = join(mkdtempSync(join(tmpdir(), 'musl-patch-tarball-')), `musl-${version}.tar.gz`);
  copyFileSync(path, named);
  return nixTool(sandbox, 'nix-store', ['--add-fixed', 'sha256', named]).trim();
}

function evalJson(expr: string): Record<string, unknown> {
  return JSON.parse(nixTool(sandbox, 'nix-instantiate', ['--eval', '--strict', '--json', '--expr', expr]));
}

const bumps = [
  { start: 'includeos-1.2.3', from: '1.2.3', to: '1.2.5', nixpkgsPatches: [['300-relative.patch', 'unavailable'], ['stdio-skip-empty-iovec-when-buffering-is-disabled.patch', 'applies'], ['renameat2.patch', 'applies']] },
  { start: 'includeos-1.2.5', from: '1.2.5', to: '1.2.6', nixpkgsPatches: [['300-relative.patch', 'unavailable']] },
];

describe('sync --write on IncludeOS-style fixtures', () => {
  for (const bump of bumps) {
    it(`moves musl-includeos ${bump.from} → ${bump.to}`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'musl-patch-sync-'));
      cpSync(FIXTURES, root, { recursive: true });
      const inc = join(root, bump.start);
      const derivation = join(inc, 'deps/musl/default.nix');
      const patchesRoot = join(inc, 'musl-patches');

      const nixpkgs = await readNixpkgsMusl({ pinned: join(inc, 'pinned.nix') }, { env: sandbox.env });
      expect(nixpkgs.method).toBe('eval');
      expect(nixpkgs.version).toBe(bump.to);

      const result = await bumpDerivation(
        { derivation, nixpkgs, patchesRoot },
        {
          fetchTarball: (v) => fetchTarball(v, { offline: true }),
          regenerateSeries: async (v) => writeSimpleSeries((await muslTree(v)).root, v, patchesRoot),
          extract: extractTarballSafely,
          nixParse: (file) => nixAccepts(file, { env: sandbox.env }),
        },
      );
      expect(result).not.toBeNull();
      expect(result!.from).toBe(bump.from);
      expect(result!.parsedByNix).toBe(true);
      expect(result!.nixpkgsPatches.map((o) => [o.label, o.status])).toEqual(bump.nixpkgsPatches);

      // Independently: nix parses it, evaluates it through the overlay, and its src is the real tarball.
      nixTool(sandbox, 'nix-instantiate', ['--parse', derivation]);
      const got = evalJson(`
        let p = import ${inc}/pinned.nix { overlays = [ (import ${inc}/overlay.nix) ]; };
            d = p.pkgsIncludeOS.musl-includeos;
        in { inherit (d) version name; src = d.src.outPath; patches = map toString d.patches; drv = d.drvPath; }`);
      expect(got.version).toBe(bump.to);
      expect(got.name).toBe(`musl-includeos-${bump.to}`);
      expect(got.patches).toEqual([join(patchesRoot, bump.to, '0001-x86_64-trap-to-call.patch')]);
      expect(got.src).toBe(await tarballStorePath(bump.to));
      expect(String(got.drv)).toMatch(new RegExp(`-musl-includeos-${bump.to.replaceAll('.', '\\.')}\\.drv$`));
    });
  }

  it("finds nixpkgs' 1.2.5 backports already part of real musl 1.2.6", async () => {
    const nixpkgs = await readNixpkgsMusl({ nixpkgs: join(FIXTURES, 'nixpkgs-mini') }, { env: sandbox.env });
    const work = mkdtempSync(join(tmpdir(), 'musl-patch-126-'));
    const tree = await extractTarballSafely((await fetchTarball('1.2.6', { offline: true })).path, join(work, 'musl'));
    const outcomes = await applyInOrder(tree, nixpkgs.patches.map((p) => ({ label: p.label, file: p.file })));
    expect(outcomes.map((o) => [o.label, o.status])).toEqual([
      ['300-relative.patch', 'unavailable'],
      ['stdio-skip-empty-iovec-when-buffering-is-disabled.patch', 'already-applied'],
      ['renameat2.patch', 'already-applied'],
    ]);
  });
});

describe('musl-patch nix <version>', () => {
  it('emits a derivation nix parses and evaluates with the miniature nixpkgs, offline', async () => {
    const work = mkdtempSync(join(tmpdir(), 'musl-patch-emit-'));
    const patchesRoot = join(work, 'musl-patches');
    const series = writeSimpleSeries((await muslTree('1.2.6')).root, '1.2.6', patchesRoot);
    const out = join(work, 'nix', 'musl-includeos.nix');
    cpSync(join(FIXTURES, 'nixpkgs-mini'), join(work, 'nixpkgs'), { recursive: true });
    mkdirSync(join(work, 'nix'));
    await runNix('1.2.6', { out, patches: patchesRoot });

    nixTool(sandbox, 'nix-instantiate', ['--parse', out]);
    const got = evalJson(`
      let p = import ${work}/nixpkgs { overlays = [ (final: prev: { musl-includeos = prev.pkgsStatic.callPackage ${out} { }; }) ]; };
          d = p.musl-includeos;
      in { inherit (d) version name configurePhase; src = d.src.outPath; patches = map toString d.patches; drv = d.drvPath; }`);
    expect(got.version).toBe('1.2.6');
    expect(got.name).toBe('musl-includeos-1.2.6');
    expect(got.patches).toEqual(series);
    expect(got.configurePhase).toContain('--target=x86_64-unknown-linux-musl');
    expect(got.configurePhase).toContain('--disable-shared');
    expect(got.src).toBe(await tarballStorePath('1.2.6'));
    expect(String(got.drv)).toMatch(/-musl-includeos-1\.2\.6\.drv$/);
  });

  it("with a kernel profile: its configure options and patch, the series copied beside it; nix evaluates it", async () => {
    const work = mkdtempSync(join(tmpdir(), 'musl-patch-emit-profile-'));
    const patchesRoot = join(work, 'musl-patches');
    writeSimpleSeries((await muslTree('1.2.6')).root, '1.2.6', patchesRoot);
    cpSync(join(FIXTURES, 'nixpkgs-mini'), join(work, 'nixpkgs'), { recursive: true });
    mkdirSync(join(work, 'kernel', 'deps', 'musl', 'patches'), { recursive: true });
    const kernelPatch = join(work, 'kernel', 'deps', 'musl', 'patches', 'endian.patch');
    cpSync(join(FIXTURES, '..', 'includeos-repo', 'deps', 'musl', 'patches', 'endian.patch'), kernelPatch);
    const out = join(work, 'kernel', 'deps', 'musl', 'default.nix');
    await runNix('1.2.6', {
      out,
      patches: patchesRoot,
      configure: { malloc: 'oldmalloc', debug: true, cflags: ['-Wno-error=int-conversion', '-nostdinc'] },
      kernelPatches: [kernelPatch],
      vendor: true,
    });
    const got = evalJson(`
      let p = import ${work}/nixpkgs { overlays = [ (final: prev: { musl-includeos = prev.pkgsStatic.callPackage ${out} { }; }) ]; };
          d = p.musl-includeos;
      in { inherit (d) configurePhase CFLAGS; patches = map baseNameOf (map toString d.patches); drv = d.drvPath; }`);
    expect(got.configurePhase).toContain('--with-malloc=oldmalloc');
    expect(got.configurePhase).toContain('--enable-debug');
    expect(got.CFLAGS).toBe('-Wno-error=int-conversion -nostdinc');
    const patches = got.patches as string[];
    expect(patches.at(-1)).toMatch(/endian\.patch$/);
    expect(patches.length).toBeGreaterThan(1);
    expect(String(got.drv)).toMatch(/-musl-includeos-1\.2\.6\.drv$/);
    // Everything the derivation names lies beside it: the series was copied there.
    expect(readFileSync(out, 'utf8')).toContain('./musl-patches/1.2.6/');
    expect(existsSync(join(work, 'kernel', 'deps', 'musl', 'musl-patches', '1.2.6', 'series'))).toBe(true);
  });
});
