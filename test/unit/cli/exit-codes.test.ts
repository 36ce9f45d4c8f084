// Exit codes as a user sees them, through the built CLI: 0 ok, 1 a check failed, 2 a usage or
// environment error (one line with the fix), 70 a bug.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCommandLine } from '../../../src/cli/run.js';
import { VERB_NAMES } from '../../../src/cli/program.js';
import { requireFreshBuild, runCli } from '../../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'exit-codes-'));
const env = { MUSL_PATCH_CACHE: path.join(tmp, 'cache') };
beforeAll(requireFreshBuild);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One line on stderr, `musl-patch: what (fix)`. */
function expectOneLine(stderr: string, what: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^musl-patch: .+ \(.+\)$/);
  expect(lines[0]).toMatch(what);
}

describe('exit codes', () => {
  it('2 for a command line commander rejects, as one line naming the help to read', async () => {
    const cases: [string[], RegExp][] = [
      [['bogus'], /unknown command 'bogus'.*see musl-patch --help/],
      [['scan', '--bogus', '1.2.5'], /unknown option '--bogus'.*see musl-patch scan --help/],
      [['scan'], /scan: no musl version given and no musl-patch\.json found/],
      [['scan', 'fixtures/musl-mini', 'extra'], /too many arguments for 'scan'/],
      [['scan', 'fixtures/musl-mini', '--arch'], /option '--arch <list>' argument missing/],
      [['diff', '1.2.5'], /missing required argument 'to'/],
    ];
    for (const [args, what] of cases) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(2);
      expectOneLine(r.stderr, what);
      expect(r.stdout).toBe('');
    }
  });

  it('2 for no verb at all (the help goes to stderr)', async () => {
    const r = await runCli([], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: musl-patch');
    expect(r.stdout).toBe('');
  });

  it('0 for --help and --version; every verb documents the exit codes in its --help', async () => {
    expect((await runCli(['--version'], { env })).code).toBe(0);
    const verbs = ['', ...VERB_NAMES];
    const runs = await Promise.all(verbs.map((verb) => runCli([...(verb ? [verb] : []), '--help'], { env })));
    for (const [i, verb] of verbs.entries()) {
      const r = runs[i];
      expect(r.code, verb).toBe(0);
      expect(r.stdout, verb).toMatch(/Exit codes:\n {2}0 +ok\n {2}1 +a check failed.*\n {2}2 +usage or environment error.*\n {2}70 +internal error/);
    }
  });

  it('2 for an error in the input, one line with the fix', async () => {
    const r = await runCli(['scan', path.join(tmp, 'nowhere')], { env });
    expect(r.code).toBe(2);
    expectOneLine(r.stderr, /neither a musl version nor a directory/);
  });

  it('1 when a check fails, 0 when it passes', async () => {
    const args = ['coverage', 'fixtures/musl-mini', '--backend', 'fixtures/backend-includeos'];
    const failed = await runCli(args, { env });
    expect(failed.code, failed.stderr).toBe(1);
    expectOneLine(failed.stderr, /backend coverage check failed/);
    expect(failed.stdout).toContain('implemented');
    expect((await runCli([...args, '--fail-on', 'none'], { env })).code).toBe(0);
  });
});

describe('runCommandLine', () => {
  it('70 for anything that is not a user or environment error: a bug, one line', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCommandLine(['node', 'musl-patch', 'x'], async () => {
        const program = new Command('musl-patch').exitOverride();
        program.command('x').action(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'parent')");
        });
        return program;
      });
      expect(code).toBe(70);
      expect(String(err.mock.calls[0][0])).toMatch(/^musl-patch: internal error: Cannot read properties .* \(a bug: please report it/);
    } finally {
      err.mockRestore();
    }
  });

  it('2 for an environment failure (disk full, permission denied) on a path', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCommandLine(['node', 'musl-patch', 'x'], async () => {
        const program = new Command('musl-patch').exitOverride();
        program.command('x').action(() => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/x/out.json' });
        });
        return program;
      });
      expect(code).toBe(2);
      expect(String(err.mock.calls[0][0])).toBe('musl-patch: cannot write /x/out.json: ENOSPC (free some space or choose another location)\n');
    } finally {
      err.mockRestore();
    }
  });
});
