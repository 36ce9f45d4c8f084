// pkgsStatic's musl by real nix-instantiate on the miniature nixpkgs, in an isolated store, offline.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { evalNixpkgsMusl, readNixpkgsMusl } from '../../../src/nix/nixpkgs.js';
import { NixCommandError } from '../../../src/nix/nix-cli.js';
import { nixSandbox, type NixSandbox } from './nix-sandbox.js';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/nix');

let sandbox: NixSandbox;
beforeAll(() => {
  sandbox = nixSandbox();
});

describe('evalNixpkgsMusl', () => {
  it('evaluates pkgsStatic.musl of a nixpkgs checkout (old layout, musl 1.2.5)', async () => {
    const musl = await evalNixpkgsMusl({ nixpkgs: join(FIXTURES, 'nixpkgs-mini') }, { env: sandbox.env });
    expect(musl.method).toBe('eval');
    expect(musl.version).toBe('1.2.5');
    expect(musl.src).toMatchObject({ fetcher: 'fetchurl', url: 'https://musl.libc.org/releases/musl-1.2.5.tar.gz' });
    expect(musl.src.hash?.hex).toBe('a9a118bbe84d8764da0ea0d28b3ab3fae8477fc7e4085d90102b8596fc7c75e4');
    // Evaluation resolves lib.optional: the ppc-only patch is not in an x86_64 pkgsStatic.
    expect(musl.patches.map((p) => [p.kind, p.label])).toEqual([
      ['fetchurl', '300-relative.patch'],
      ['path', 'stdio-skip-empty-iovec-when-buffering-is-disabled.patch'],
      ['path', 'renameat2.patch'],
    ]);
    expect(musl.patches[1].file).toBe(join(FIXTURES, 'nixpkgs-mini/pkgs/os-specific/linux/musl/stdio-skip-empty-iovec-when-buffering-is-disabled.patch'));
    // The remote patch was never fetched into this fresh store.
    expect(musl.patches[0].file).toBeNull();
  });

  it('evaluates through an IncludeOS-style pinned file (by-name layout, finalAttrs, musl 1.2.6)', async () => {
    const musl = await evalNixpkgsMusl({ pinned: join(FIXTURES, 'includeos-1.2.5/pinned.nix') }, { env: sandbox.env });
    expect(musl.version).toBe('1.2.6');
    expect(musl.src.url).toBe('https://musl.libc.org/releases/musl-1.2.6.tar.gz');
    expect(musl.src.hash?.sri).toBe('sha256-1YX9O2E8ZhUfwySejtRPdwIMtebB5jWmFtP5+CRgUSo=');
  });

  it('reports nix failure plainly: a remote pin offline', async () => {
    const err = await evalNixpkgsMusl({ pinned: join(FIXTURES, 'pinned-remote.nix') }, { env: sandbox.env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NixCommandError);
    expect((err as NixCommandError).reason).toMatch(/^error: unable to download 'https:\/\/github\.com\/NixOS\/nixpkgs\/archive\/refs\/tags\/25\.05\.tar\.gz'/);
    // auto mode: evaluation failed and the text cannot be read either — one UserError saying both.
    const auto = await readNixpkgsMusl({ pinned: join(FIXTURES, 'pinned-remote.nix') }, { env: sandbox.env }).catch((e: unknown) => e);
    expect(auto).toBeInstanceOf(UserError);
    expect((auto as UserError).message).toMatch(/nix-instantiate failed \(error: unable to download .*\) and .*pins a remote nixpkgs/);
  });

  it('falls back to the text when evaluation fails but the checkout is readable', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'musl-patch-nixpkgs-'));
    cpSync(join(FIXTURES, 'nixpkgs-mini'), copy, { recursive: true });
    writeFileSync(join(copy, 'default.nix'), '{ ... }: throw "this nixpkgs does not evaluate"\n');
    const musl = await readNixpkgsMusl({ nixpkgs: copy }, { env: sandbox.env });
    expect(musl.method).toBe('text');
    expect(musl.version).toBe('1.2.5');
    expect(musl.notes[0]).toBe('evaluation failed (error: this nixpkgs does not evaluate): read as text');
  });
});
