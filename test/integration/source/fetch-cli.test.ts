import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTarball } from '../../../src/source/index.js';
import { muslLikeEntries, rawTarGz } from '../../helpers/tar.js';
import { CLI } from '../musl-trees.js';

// Upstream's published checksums (DESIGN.md §6), typed here independently of the tool's manifest.
const UPSTREAM_SHA256: Record<string, string> = {
  '1.2.3': '7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4',
  '1.2.5': 'a9a118bbe84d8764da0ea0d28b3ab3fae8477fc7e4085d90102b8596fc7c75e4',
};

function runCli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, MUSL_PATCH_MIRROR: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, relative, so a test can prove nothing was left behind. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let real: Record<string, string>;
let work: string;

beforeAll(async () => {
  // The global setup fetched these into the default cache through the tool itself.
  real = {
    '1.2.3': (await fetchTarball('1.2.3', { offline: true })).path,
    '1.2.5': (await fetchTarball('1.2.5', { offline: true })).path,
  };
  work = mkdtempSync(join(tmpdir(), 'fetch-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function freshCache(): string {
  return mkdtempSync(join(work, 'cache-'));
}

function expectOneLineFailure(r: ReturnType<typeof runCli>, pattern: RegExp) {
  expect(r.status).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('musl-patch fetch', () => {
  it('the real tarballs in the cache carry upstream checksums', () => {
    for (const [v, file] of Object.entries(real)) expect(sha256(file)).toBe(UPSTREAM_SHA256[v]);
  });

  it('takes a local tarball, verifies it, caches it and extracts a tree', () => {
    const cache = freshCache();
    const r = runCli(['fetch', '1.2.5', '--tarball', real['1.2.5'], '--cache-dir', cache]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/from tarball/);
    const tree = r.stdout.match(/tree: (\S+)/)![1];
    expect(readFileSync(join(tree, 'VERSION'), 'utf8').trim()).toBe('1.2.5');
    expect(existsSync(join(tree, 'src/internal/syscall.h'))).toBe(true);
  });

  it('finds the tarball in a MUSL_PATCH_MIRROR directory when offline, and reports each source with --verbose', () => {
    const mirror = mkdtempSync(join(work, 'mirror-'));
    copyFileSync(real['1.2.3'], join(mirror, 'musl-1.2.3.tar.gz'));
    const cache = freshCache();
    const r = runCli(['fetch', '1.2.3', '--offline', '--verbose', '--no-extract', '--cache-dir', cache], { MUSL_PATCH_MIRROR: mirror });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/cache: miss/);
    expect(r.stderr).toMatch(/mirror .*: verified sha256 7d5b0b60/);
    expect(r.stdout).toMatch(/from mirror/);
    // The second run is served by the cache.
    const again = runCli(['fetch', '1.2.3', '--offline', '--no-extract', '--cache-dir', cache]);
    expect(again.stdout).toMatch(/from cache/);
  });

  it('fails in one line naming every source when offline with nothing local', () => {
    const cache = freshCache();
    const r = runCli(['fetch', '1.2.6', '--offline', '--cache-dir', cache]);
    expectOneLineFailure(r, /could not obtain musl-1\.2\.6\.tar\.gz \(upstream: skipped \(--offline\).*\(download it and pass --tarball FILE/);
    expect(filesUnder(cache)).toEqual([]);
  });
});

describe('musl-patch fetch: bad input gets one line, a non-zero exit and nothing left behind', () => {
  it('unknown version without --sha256', () => {
    const cache = freshCache();
    expectOneLineFailure(runCli(['fetch', '1.2.99', '--cache-dir', cache]), /musl 1\.2\.99 has no pinned checksum .*pass --sha256 HEX/);
    expect(filesUnder(cache)).toEqual([]);
  });

  it('checksum mismatch: the bad file is not kept', () => {
    const cache = freshCache();
    const r = runCli(['fetch', '1.2.5', '--tarball', real['1.2.3'], '--cache-dir', cache]);
    expectOneLineFailure(r, /checksum mismatch for .*expected a9a118bb.*got 7d5b0b60/);
    expect(filesUnder(cache)).toEqual([]);
  });

  it('truncated tarball', () => {
    const cache = freshCache();
    const bad = join(work, 'truncated.tar.gz');
    writeFileSync(bad, readFileSync(real['1.2.5']).subarray(0, 300_000));
    const r = runCli(['fetch', '9.9.1', '--tarball', bad, '--sha256', sha256(bad), '--cache-dir', cache]);
    expectOneLineFailure(r, /is not a readable musl tarball/);
    expect(filesUnder(cache)).toEqual([]);
  });

  it('corrupt (not gzip) tarball', () => {
    const cache = freshCache();
    const bad = join(work, 'corrupt.tar.gz');
    writeFileSync(bad, 'this is not an archive\n'.repeat(100));
    const r = runCli(['fetch', '9.9.2', '--tarball', bad, '--sha256', sha256(bad), '--cache-dir', cache]);
    expectOneLineFailure(r, /is not a readable musl tarball/);
    expect(filesUnder(cache)).toEqual([]);
  });

  it('tarball with a ../ entry', () => {
    const cache = freshCache();
    const bad = join(work, 'dotdot.tar.gz');
    writeFileSync(bad, rawTarGz([...muslLikeEntries('musl-9.9.3', '9.9.3'), { name: 'musl-9.9.3/../../escaped', content: 'x' }]));
    const r = runCli(['fetch', '9.9.3', '--tarball', bad, '--sha256', sha256(bad), '--cache-dir', cache]);
    expectOneLineFailure(r, /unsafe tarball .*climbs out of the tree/);
    expect(filesUnder(cache)).toEqual([]);
    expect(existsSync(join(work, 'escaped'))).toBe(false);
  });

  it('--source that is not a musl tree', () => {
    const dir = mkdtempSync(join(work, 'notmusl-'));
    writeFileSync(join(dir, 'README'), 'hello\n');
    expectOneLineFailure(runCli(['fetch', '1.2.5', '--source', dir]), /is not a musl source tree \(missing VERSION, Makefile/);
    expectOneLineFailure(runCli(['table', dir]), /is not a musl source tree/);
  });

  it('unwritable cache dir', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    const r = runCli(['fetch', '1.2.5', '--cache-dir', join(file, 'cache')]);
    expectOneLineFailure(r, /cache directory .* is not writable .*--cache-dir DIR or set MUSL_PATCH_CACHE/);
  });
});
