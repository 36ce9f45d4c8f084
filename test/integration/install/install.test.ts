// musl-patch installs without the npm registry holding it: from a git URL (npm clones it, installs
// the build's devDependencies, runs `prepare`) and from a tarball (`npm pack`), into a temporary
// prefix. Each installed CLI must compute the same coverage as this checkout's build, which loads
// both tree-sitter grammars; the installed package carries their .wasm files, not the grammar packages.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const version = (JSON.parse(execFileSync('git', ['-C', repo, 'show', 'HEAD:package.json'], { encoding: 'utf8' })) as { version: string }).version;
const COVERAGE = ['coverage', '1.2.5', '--backend', 'fixtures/backend-includeos', '--format', 'json', '--fail-on', 'none'];
let work: string;
let expected: string;

const run = (cmd: string, args: string[], cwd = repo) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-install-'));
  expected = run(process.execPath, [path.join(repo, 'dist/cli/main.js'), ...COVERAGE]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bytes under a directory, as `du` counts files (apparent sizes, links not followed). */
function treeSize(dir: string): number {
  return Number(run('du', ['-s', '--block-size=1', '--apparent-size', dir]).split('\t')[0]);
}

describe('installing musl-patch without the registry', () => {
  test('npx <git URL>: the clone is built by `prepare` and runs', () => {
    const clone = path.join(work, 'clone');
    run('git', ['clone', '--quiet', repo, clone]);
    expect(existsSync(path.join(clone, 'dist'))).toBe(false);
    const out = run('npx', ['--yes', `git+file://${clone}`, ...COVERAGE]);
    expect(out).toBe(expected);
  });

  test('npm install -g <tarball>: small, no grammar packages, same coverage', () => {
    run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work]);
    const tarball = path.join(work, `musl-patch-${version}.tgz`);
    const prefix = path.join(work, 'prefix');
    run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball]);
    const installed = path.join(prefix, 'lib', 'node_modules', 'musl-patch');
    expect(readdirSync(path.join(installed, 'grammars')).filter((f) => f.endsWith('.wasm')).sort()).toEqual(['tree-sitter-c.wasm', 'tree-sitter-cpp.wasm']);
    expect(readdirSync(path.join(installed, 'node_modules')).filter((d) => d.startsWith('tree-sitter'))).toEqual([]);
    // 79 MB with the grammar packages as dependencies; ~25 MB without.
    expect(treeSize(installed)).toBeLessThan(30e6);
    expect(run(path.join(prefix, 'bin', 'musl-patch'), COVERAGE)).toBe(expected);
  });
});
