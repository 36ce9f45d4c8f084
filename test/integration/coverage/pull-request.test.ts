// A pull request on the IncludeOS-shaped fixture repository, end to end through the CLI as the action
// runs it: a git repository whose main commit is fixtures/includeos-repo, a branch per change of
// fixtures/includeos-pr/ (the head), the base checked out beside it as a worktree; coverage JSON of
// each checkout against real musl 1.2.5, then the comment, annotations and exit code of the gate.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireFreshBuild, runCli, type CliRun } from '../../helpers/cli.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ALL = 'x86_64, i386, aarch64, riscv64';
let work: string;
let baseJson: string;

// No GitHub variables from the environment the suite runs in: links are tested in the unit tests.
const env = { GITHUB_SERVER_URL: undefined, GITHUB_REPOSITORY: undefined, GITHUB_SHA: undefined, GITHUB_STEP_SUMMARY: undefined };
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

async function cli(cwd: string, ...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd, env, timeoutMs: 600_000 });
}

async function coverageJson(cwd: string, out: string): Promise<string> {
  const run = await cli(cwd, 'coverage', '1.2.5', '--backend', 'src', '--format', 'json', '--out', out, '--fail-on', 'none');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return out;
}

/** The head checkout of a PR that lays fixtures/includeos-pr/<change>/ over the base; its coverage JSON. */
async function pullRequest(change: string): Promise<{ head: string; json: string }> {
  const main = path.join(work, 'kernel');
  git(main, 'checkout', '--quiet', '-b', change, 'main');
  cpSync(path.join(repo, 'fixtures', 'includeos-pr', change), main, { recursive: true });
  git(main, 'add', '-A');
  git(main, 'commit', '--quiet', '-m', `PR: ${change}`);
  return { head: main, json: await coverageJson(main, path.join(work, `${change}.json`)) };
}

const gate = (head: { head: string; json: string }, format: string, failOn: string) =>
  cli(head.head, 'coverage', '1.2.5', '--from-json', head.json, '--baseline', baseJson, '--format', format, '--fail-on', failOn);

beforeAll(async () => {
  requireFreshBuild();
  work = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-pr-'));
  const main = path.join(work, 'kernel');
  cpSync(path.join(repo, 'fixtures', 'includeos-repo'), main, { recursive: true });
  git(main, 'init', '--quiet', '-b', 'main');
  git(main, 'add', '-A');
  git(main, 'commit', '--quiet', '-m', 'base');
  git(main, 'worktree', 'add', '--quiet', '--detach', path.join(work, 'base'), 'main');
  baseJson = await coverageJson(path.join(work, 'base'), path.join(work, 'base.json'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a pull request on the IncludeOS-shaped repository', () => {
  test('adds an implemented symbol: exit 0 on every new-* gate, the comment shows it', async () => {
    const pr = await pullRequest('implemented');
    const md = await gate(pr, 'markdown', 'new-missing,new-stub,new-arity');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('**This change:** 1 newly implemented · 0 new stub(s) · 0 newly missing · 0 new arity mismatch(es) · 0 new ABI mismatch(es).');
    expect(md.stdout).toContain(`| ☑ newly implemented | \`syscall_SYS_fsync\` | ${ALL} | \`src/musl/fsync.cpp:9\` |`);
    // Still hundreds of symbols missing, as before: absolute missing fails, new-missing does not.
    expect((await gate(pr, 'text', 'missing')).code).toBe(1);
    const github = await gate(pr, 'github', 'new-missing,new-stub,new-arity');
    expect(github.code).toBe(0);
    expect(github.stdout).toBe('');
  });

  test('adds a stub: exit 0 with new-missing, exit 1 with new-stub, annotated at its definition', async () => {
    const pr = await pullRequest('stub');
    expect((await gate(pr, 'github', 'new-missing')).code).toBe(0);
    const strict = await gate(pr, 'github', 'new-stub');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/backend coverage check failed \(x86_64: 1 new stub \(syscall_SYS_flock\); i386: 1 new stub \(syscall_SYS_flock\); aarch64: 1 new stub \(syscall_SYS_flock\); riscv64: 1 new stub \(syscall_SYS_flock\)\)/);
    expect(strict.stdout).toBe(`::error file=src/musl/flock.cpp,line=4,title=syscall_SYS_flock%3A stub (new in this change)::syscall_SYS_flock is a stub in the backend (${ALL}); needed by flock\n`);
  });

  test('adds a definition with a wrong parameter list: exit 1 and exactly one annotation, at that line', async () => {
    const pr = await pullRequest('arity');
    const run = await gate(pr, 'github', 'new-missing,new-arity');
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=src\/musl\/fchmod\.cpp,line=5,title=syscall_SYS_fchmod%3A arity \(new in this change\)::syscall_SYS_fchmod takes 1 parameter\(s\); musl passes 2/);
    expect(readFileSync(path.join(pr.head, 'src/musl/fchmod.cpp'), 'utf8').split('\n')[4]).toBe('long syscall_SYS_fchmod(int fd) {');
    const sarif = JSON.parse((await gate(pr, 'sarif', 'none')).stdout);
    const result = sarif.runs[0].results.find((r: { properties: { symbol: string } }) => r.properties.symbol === 'syscall_SYS_fchmod');
    expect([result.ruleId, result.properties.new, result.locations[0].physicalLocation.artifactLocation.uri, result.locations[0].physicalLocation.region.startLine]).toEqual(['arity', true, 'src/musl/fchmod.cpp', 5]);
  });

  test('adds a definition returning int: the default gate of action.yml (new-abi) fails with one annotation, on the 64-bit arches', async () => {
    const pr = await pullRequest('abi');
    expect((await gate(pr, 'github', 'new-missing,new-arity')).code).toBe(0);
    const run = await gate(pr, 'github', 'new-missing,new-arity,new-abi');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("backend coverage check failed (x86_64: 1 new ABI mismatch(es) (syscall_SYS_fdatasync); aarch64: 1 new ABI mismatch(es) (syscall_SYS_fdatasync); riscv64: 1 new ABI mismatch(es) (syscall_SYS_fdatasync))");
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      '::error file=src/musl/fdatasync.cpp,line=10,title=syscall_SYS_fdatasync%3A ABI (new in this change)::syscall_SYS_fdatasync returns int; musl reads a long (8 bytes): ' +
        'a negative errno arrives zero-extended at src/unistd/fdatasync.c:6 (fdatasync) (x86_64, aarch64, riscv64); needed by fdatasync',
    );
    const md = await gate(pr, 'markdown', 'none');
    expect(md.stdout).toContain('1 new ABI mismatch(es).');
  });
});
