// The coverage and stubs verbs as a user runs them, on hand-written sites (--sites) and the fixture.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { register as registerCoverage } from '../../../src/cli/commands/coverage.js';
import { register as registerStubs } from '../../../src/cli/commands/stubs.js';
import { sampleSites } from './sites.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'fixtures', 'backend-includeos');
let dir: string;
let sitesFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-cli-'));
  sitesFile = path.join(dir, 'sites.json');
  await writeFile(sitesFile, JSON.stringify(sampleSites()));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ stdout: string; error: Error | null }> {
  const program = new Command('musl-patch').exitOverride();
  registerCoverage(program);
  registerStubs(program);
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'musl-patch', ...args]);
    return { stdout, error: null };
  } catch (err) {
    return { stdout, error: err as Error };
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
}

describe('musl-patch coverage', () => {
  test('json to a file, then markdown against it as baseline; missing symbols fail with exit code 1', async () => {
    const json = path.join(dir, 'base.json');
    const first = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64,i386', '--backend', fixture, '--format', 'json', '--out', json);
    expect(first.error?.message).toBe('backend coverage check failed (x86_64: 2 missing; i386: 3 missing)');
    expect((first.error as { exitCode?: number }).exitCode).toBe(1);
    const doc = JSON.parse(await readFile(json, 'utf8'));
    expect(doc.arches.map((a: { arch: string; totals: { missing: number } }) => [a.arch, a.totals.missing])).toEqual([
      ['x86_64', 2],
      ['i386', 3],
    ]);
    const md = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64,i386', '--backend', fixture, '--format', 'markdown', '--baseline', json, '--fail-on', 'none');
    expect(md.error).toBeNull();
    expect(md.stdout).toContain('**This change:** no change to what the backend covers.');
    // Gating on what changed: the same backend against itself passes every new-* check.
    const gate = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64,i386', '--backend', fixture, '--baseline', json, '--fail-on', 'new-missing,new-stub,new-arity');
    expect(gate.error).toBeNull();
    const noBaseline = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64', '--backend', fixture, '--fail-on', 'new-missing');
    expect(noBaseline.error?.message).toMatch(/compares with a baseline, and none was given/);
  });

  test('--from-json formats an earlier report without scanning or reading the backend', async () => {
    const json = path.join(dir, 'head.json');
    await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64', '--backend', fixture, '--format', 'json', '--out', json, '--fail-on', 'none');
    const text = await run('coverage', '1.2.5', '--from-json', json, '--fail-on', 'arity');
    expect(text.stdout).toMatch(/^x86_64\s+9\s+4\s+3\s+2\s+1\s+0\s+8$/m);
    expect(text.error?.message).toBe('backend coverage check failed (x86_64: 1 arity mismatch(es))');
    const wrongVersion = await run('coverage', '1.2.6', '--from-json', json);
    expect(wrongVersion.error?.message).toMatch(/is a report for musl 1\.2\.5, not 1\.2\.6/);
  });

  test('--format github prints annotations and appends the Markdown to $GITHUB_STEP_SUMMARY', async () => {
    const summary = path.join(dir, 'summary.md');
    await writeFile(summary, 'earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    try {
      const gh = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64', '--backend', fixture, '--format', 'github');
      // Missing symbols are not annotated (musl's files are not in the kernel's repository); stubs are, at their definitions.
      expect(gh.stdout).not.toContain('src/legacy/acct.c');
      expect(gh.stdout).toMatch(/^::warning file=fixtures\/backend-includeos\/[^,]+,line=\d+,title=syscall_SYS_\w+%3A stub::/m);
      expect(gh.error?.message).toBe('backend coverage check failed (x86_64: 2 missing)');
    } finally {
      vi.unstubAllEnvs();
    }
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('earlier step\n<!-- musl-patch-coverage -->\n### musl-patch coverage: musl 1.2.5')).toBe(true);
  });

  test('bad options are one-line user errors', async () => {
    const noBackend = await run('coverage', '1.2.5', '--sites', sitesFile);
    expect(noBackend.error?.message).toBe('no backend given');
    const badFormat = await run('coverage', '1.2.5', '--sites', sitesFile, '--backend', fixture, '--format', 'yaml');
    expect(badFormat.error?.message).toBe("unknown format 'yaml'");
    const badSites = await run('coverage', '1.2.5', '--sites', path.join(repo, 'package.json'), '--backend', fixture);
    expect(badSites.error?.message).toMatch(/does not hold syscall sites/);
  });
});

describe('musl-patch stubs', () => {
  test('writes stubs for exactly the missing symbols; with them coverage has nothing missing', async () => {
    const backend = path.join(dir, 'backend');
    const out = path.join(backend, 'missing_stubs.cpp');
    const stubs = await run('stubs', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64,i386', '--backend', fixture, '--out', out);
    expect(stubs.error).toBeNull();
    const text = await readFile(out, 'utf8');
    expect([...text.matchAll(/^__attribute__\(\(weak\)\) long (\w+)\(/gm)].map((m) => m[1])).toEqual([
      'syscall_SYS_acct',
      'syscall_SYS_getuid32',
      'syscall_SYS_pread64',
      'syscall_SYS_pread64',
    ]);
    const again = await run('coverage', '1.2.5', '--sites', sitesFile, '--arch', 'x86_64,i386', '--backend', fixture, backend, '--format', 'json');
    expect(again.error).toBeNull();
    const doc = JSON.parse(again.stdout);
    expect(doc.arches.map((a: { totals: { missing: number; arity: number } }) => [a.totals.missing, a.totals.arity])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });
});
