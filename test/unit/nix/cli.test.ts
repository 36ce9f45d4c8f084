import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register as registerNix, runNix } from '../../../src/cli/commands/nix.js';
import { register as registerSync, runSync } from '../../../src/cli/commands/sync.js';
import { UserError } from '../../../src/util/errors.js';
import { FIXTURES } from './fixtures.js';

function captureStdout(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sync command', () => {
  it('prints the drift screen and returns 1 on drift (text reading)', async () => {
    const out = captureStdout();
    const code = await runSync({ pinned: join(FIXTURES, 'includeos-1.2.5/pinned.nix'), derivation: join(FIXTURES, 'includeos-1.2.5/deps/musl/default.nix'), patches: 'musl-patches', eval: false });
    expect(code).toBe(1);
    expect(out.text()).toContain('DRIFT: musl-includeos builds musl 1.2.5, pkgsStatic uses 1.2.6');
    expect(out.text()).toContain(`  fix: musl-patch sync --pinned ${join(FIXTURES, 'includeos-1.2.5/pinned.nix')} --derivation ${join(FIXTURES, 'includeos-1.2.5/deps/musl/default.nix')} --write`);
  });

  it('prints JSON with --json', async () => {
    const out = captureStdout();
    await runSync({ nixpkgs: join(FIXTURES, 'nixpkgs-mini'), derivation: join(FIXTURES, 'includeos-1.2.5/deps/musl/default.nix'), patches: 'musl-patches', eval: false, json: true });
    const data = JSON.parse(out.text());
    expect(data.drift).toBe(false);
    expect(data.nixpkgs.version).toBe('1.2.5');
    expect(data.includeos.src.rev).toBe('0784374d561435f7c787a555aeab8ede699ed298');
  });

  it('rejects contradictory or missing inputs with one-line errors', async () => {
    await expect(runSync({ nixpkgs: 'a', pinned: 'b', patches: 'musl-patches', eval: false })).rejects.toThrow(UserError);
    await expect(runSync({ nixpkgs: join(FIXTURES, 'nixpkgs-mini'), derivation: '/no/such/default.nix', patches: 'musl-patches', eval: false })).rejects.toThrow(/--derivation \/no\/such\/default\.nix does not exist/);
  });

  it('registers on a commander program with the documented options', () => {
    const program = new Command();
    registerSync(program);
    registerNix(program);
    const sync = program.commands.find((c) => c.name() === 'sync')!;
    expect(sync.options.map((o) => o.long)).toEqual(['--nixpkgs', '--pinned', '--derivation', '--patches', '--check', '--no-eval', '--json', '--write', '--force', '--cache-dir', '--offline', '--verbose']);
    const nix = program.commands.find((c) => c.name() === 'nix')!;
    expect(nix.options.map((o) => o.long)).toEqual(['--config', '--no-config', '--with-malloc', '--enable-debug', '--out', '--force', '--patches', '--sha256']);
  });
});

describe('nix command', () => {
  function series(version: string): string {
    const root = mkdtempSync(join(tmpdir(), 'musl-patch-nixcmd-'));
    mkdirSync(join(root, 'musl-patches', version), { recursive: true });
    writeFileSync(join(root, 'musl-patches', version, '0001-a.patch'), '');
    writeFileSync(join(root, 'musl-patches', version, 'series'), '0001-a.patch\n');
    return root;
  }

  it('writes the derivation with the pinned hash of the version', async () => {
    const root = series('1.2.3');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = join(root, 'musl-includeos.nix');
    // Unit tests leave the machine's nix alone: the --parse guard is exercised by the integration suite.
    await runNix('1.2.3', { out, patches: join(root, 'musl-patches') }, { bin: join(root, 'no-nix-here') });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('hash = "sha256-fVsLYGJSHkYn4JnkydyCSNMqMChelZt+7Kp4DPjP1KQ=";');
    expect(text).toContain('    ./musl-patches/1.2.3/0001-a.patch\n');
  });

  it('refuses bad versions, unpinned versions without --sha256, and missing series', async () => {
    await expect(runNix('latest', { patches: 'musl-patches' })).rejects.toThrow(/'latest' is not a musl version/);
    await expect(runNix('1.2.4', { patches: 'musl-patches' })).rejects.toThrow(/musl 1\.2\.4 has no pinned checksum/);
    await expect(runNix('1.2.5', { patches: '/no/such/dir' })).rejects.toThrow(/no patch series for musl 1\.2\.5/);
  });
});
