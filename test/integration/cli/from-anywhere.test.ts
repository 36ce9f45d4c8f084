// musl-patch's own shipped files (series, tables) are found from any directory, not only from this
// repository's root; relative series paths work for the stale-patch check; sync --check fails on drift.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { stalePatches } from '../../../src/diff/stale-patches.js';
import { CLI, muslTree } from '../musl-trees.js';

const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-elsewhere-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));
const repo = path.resolve(import.meta.dirname, '../../..');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe('from a directory that is not this repository', () => {
  test('table --check compares with the shipped tables', () => {
    const r = run(elsewhere, 'table', '1.2.5', '--check', '--offline');
    expect(r.stderr).toBe('');
    expect([r.status, r.stdout.trim()]).toEqual([0, `syscall-table/1.2.5: ${readdirSync(path.join(repo, 'syscall-table', '1.2.5')).filter((f) => f.endsWith('.json')).length} table(s) current`]);
  });

  test('nix emits the derivation of the shipped series', () => {
    const r = run(elsewhere, 'nix', '1.2.5');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('0001-syscall-macro-layer.patch');
    expect(r.stdout).toContain('musl-patches/1.2.5/0006-aarch64.patch');
  });

  test('the stale-patch check takes a relative series directory', async () => {
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      expect(await stalePatches('musl-patches/1.2.5', await muslTree('1.2.5'))).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('sync --check exits 1 on drift', () => {
    const r = run(path.join(repo, 'fixtures/nix/includeos-1.2.3'), 'sync', '--check', '--no-eval');
    expect(r.stdout).toContain('DRIFT: musl-includeos builds musl 1.2.3, pkgsStatic uses 1.2.5');
    expect(r.status).toBe(1);
  });
});
