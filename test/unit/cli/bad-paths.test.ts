// Every verb's file arguments through the bad-path cases (the reliability issue's defect 10): a
// missing path, a directory where a file goes and the reverse, a path under a file, a device, an
// output inside or around the input. Each is exit 2 with one line, before any work, nothing left.
// The walk runs the command lines in this process (a process each would take minutes); a sample
// goes through the built CLI to show both agree.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFreshBuild, runCli, runInProcess, type CliRun } from '../../helpers/cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'bad-paths-'));
const MUSL = path.join(tmp, 'musl'); // a copy: nothing may be written into it, and if it were, not into the fixture
const BACKEND = path.join(REPO, 'fixtures', 'backend-includeos');
const FILE = path.join(tmp, 'a-file');
const DIR = path.join(tmp, 'a-dir');
const MISSING = path.join(tmp, 'missing');
const UNDER_FILE = path.join(FILE, 'x');
const DEVICE = '/dev/null';
const env = { MUSL_PATCH_CACHE: path.join(tmp, 'cache'), MUSL_PATCH_MIRROR: '' };

const saved = { ...process.env };
beforeAll(() => {
  requireFreshBuild();
  Object.assign(process.env, env);
  cpSync(path.join(REPO, 'fixtures', 'musl-mini'), MUSL, { recursive: true });
  writeFileSync(FILE, 'a file the user wrote\n');
  mkdirSync(DIR);
});
afterAll(() => {
  process.env = saved;
  rmSync(tmp, { recursive: true, force: true });
});

type Kind = 'file-in' | 'dir-in' | 'path-in' | 'file-out' | 'tree-file-out' | 'dir-out';

/** The bad values of each kind of argument, and what the one line must say. */
const CASES: Record<Kind, [string, RegExp][]> = {
  'file-in': [
    [MISSING, /does not exist/],
    [DIR, /is a directory, not a file/],
    [DEVICE, /is not a regular file/],
    [UNDER_FILE, /does not exist/],
  ],
  'dir-in': [
    [MISSING, /does not exist/],
    [FILE, /is a file, not a directory/],
    [DEVICE, /is not a regular file/],
  ],
  'path-in': [
    [MISSING, /does not exist/],
    [DEVICE, /is not a regular file/],
  ],
  'file-out': [
    [DIR, /is a directory/],
    [UNDER_FILE, /a-file is not a directory/],
    [DEVICE, /is not a regular file/],
    [FILE, /exists and was not written by musl-patch.*--force/],
  ],
  /** An output file of a verb that reads a musl tree: also never inside that tree. */
  'tree-file-out': [],
  'dir-out': [
    [FILE, /exists and is not a directory/],
    [UNDER_FILE, /a-file is not a directory/],
    [MUSL, /is the input/],
    [path.join(MUSL, 'src', 'out'), /lies inside the input/],
    [tmp, /contains the input/],
  ],
};

CASES['tree-file-out'] = [...CASES['file-out'], [path.join(MUSL, 'report.txt'), /lies inside the input/]];

/** verb, the arguments before the one tested, the option (null: the positional), its kind, what follows it. */
const ARGS: [string[], string | null, Kind, string[]?][] = [
  [['fetch', '1.2.5'], '--tarball', 'file-in'],
  [['fetch', '1.2.5'], '--source', 'dir-in'],
  [['table', MUSL, '--write'], '--out-dir', 'dir-out'],
  [['scan', MUSL], '--output', 'tree-file-out'],
  [['apply', MUSL], '--out', 'dir-out'],
  [['apply', MUSL], '--series', 'dir-out'],
  [['apply', MUSL, '--series', path.join(tmp, 'series')], '--kernel-backend-dir', 'dir-out'],
  [['apply', MUSL], '--extra-patches', 'dir-in'],
  [['apply', MUSL], '--coverage', 'path-in'],
  [['build', '1.2.5'], '--tarball', 'file-in'],
  [['verify', '1.2.5'], '--source', 'dir-in'],
  [['coverage', MUSL], '--backend', 'path-in'],
  [['coverage', MUSL, '--backend', BACKEND], '--sites', 'file-in'],
  [['coverage', MUSL, '--backend', BACKEND], '--baseline', 'file-in'],
  [['coverage', MUSL, '--backend', BACKEND], '--from-json', 'file-in'],
  [['coverage', MUSL, '--backend', BACKEND], '--out', 'tree-file-out'],
  [['coverage', MUSL, '--backend', BACKEND], '--app', 'file-in'],
  [['stubs', MUSL, '--backend', BACKEND], '--out', 'tree-file-out'],
  [['stubs', MUSL, '--backend', BACKEND, '--out', path.join(tmp, 'stubs.cpp')], '--prototypes', 'path-in'],
  [['diff', '1.2.5', '1.2.6'], '--backend', 'path-in'],
  [['sync'], '--nixpkgs', 'path-in'],
  [['sync'], '--pinned', 'file-in'],
  [['sync', '--pinned', path.join(REPO, 'fixtures/nix/includeos-1.2.3/pinned.nix')], '--derivation', 'file-in'],
  [['nix', '1.2.5'], '--out', 'file-out'],
  [['boot', MUSL], '--program', 'file-in'],
  [['boot', MUSL], '--libc', 'dir-in'],
  [['boot', MUSL], '--work-dir', 'dir-out'],
];

/** Verbs whose positional `<version|dir>` is a musl tree. */
const TREE_VERBS: [string, string[]][] = [
  ['table', []],
  ['scan', []],
  ['apply', []],
  ['build', []],
  ['verify', []],
  ['coverage', ['--backend', BACKEND]],
  ['stubs', ['--backend', BACKEND, '--out', path.join(tmp, 'stubs.cpp')]],
  ['boot', []],
];

/** Runs at most `n` at a time: the machine has two cores and others use them. */
async function limited<T>(tasks: (() => Promise<T>)[], n: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

function expectRefusal(r: CliRun, what: RegExp, label: string): void {
  expect(r.code, `${label}\n${r.stderr}`).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, label).toHaveLength(1);
  expect(lines[0], label).toMatch(/^musl-patch: .+ \(.+\)$/);
  expect(lines[0], label).toMatch(what);
  expect(lines[0], label).not.toMatch(/internal error|ENOENT|ENOTDIR|EISDIR|EINVAL/);
}

/** Everything in the scratch area, so that a test can see nothing was added. */
function listing(): string[] {
  return readdirSync(tmp, { recursive: true, withFileTypes: true })
    .filter((e) => !path.join(e.parentPath, e.name).startsWith(env.MUSL_PATCH_CACHE))
    .map((e) => path.relative(tmp, path.join(e.parentPath, e.name)))
    .sort();
}

describe('bad paths', () => {
  it('every verb refuses every bad file argument in one line with exit 2, writing nothing', async () => {
    const before = listing();
    const runs: { label: string; what: RegExp; args: string[] }[] = [];
    for (const [pre, option, kind, post] of ARGS) {
      for (const [value, what] of CASES[kind]) runs.push({ label: `${[...pre, option].join(' ')} ${value}`, what, args: [...pre, option!, value, ...(post ?? [])] });
    }
    for (const [verb, rest] of TREE_VERBS) {
      for (const [value, what] of [
        [MISSING, /neither a musl version nor a directory/],
        [FILE, /neither a musl version nor a directory/],
        [DEVICE, /neither a musl version nor a directory/],
        [DIR, /not a musl source tree/],
      ] as [string, RegExp][]) {
        runs.push({ label: `${verb} ${value}`, what, args: [verb, value, ...rest] });
      }
    }
    for (const r of runs) expectRefusal(await runInProcess(r.args), r.what, r.label);
    // The same through the built CLI, for one case of each kind.
    const sample = [0, 4, 8, 12, 16, 20, 24, 60, 80, 100].map((i) => runs[i]);
    const results = await limited(sample.map((r) => () => runCli(r.args, { env })), 2);
    for (const [i, r] of results.entries()) expectRefusal(r, sample[i].what, sample[i].label);
    expect(listing()).toEqual(before);
    expect(runs.length).toBeGreaterThan(100);
  }, 300_000);

  it('a missing parent directory of an output file is created, and nothing else is left', async () => {
    const out = path.join(tmp, 'new', 'deeper', 'scan.txt');
    const r = await runCli(['scan', MUSL, '-o', out], { env, cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(path.dirname(out))).toEqual(['scan.txt']);
    // A report musl-patch wrote may be replaced by the next run without --force.
    expect((await runCli(['scan', MUSL, '-o', out, '--arch', 'i386'], { env, cwd: tmp })).code).toBe(0);
    rmSync(path.join(tmp, 'new'), { recursive: true });
  });
});
