// Defect 1 of the reliability issue: a failing check must not cut its own report short. On a pipe,
// stdout is asynchronous; exiting before it drains left 131,072 bytes of a 476 KB JSON report.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFreshBuild, runCli } from '../../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'flush-'));
beforeAll(requireFreshBuild);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('output is complete when a check fails', () => {
  const args = ['coverage', '1.2.5', '--backend', 'fixtures/backend-includeos', '--offline'];

  it('--format json through a pipe: the whole report, exit 1', async () => {
    const piped = await runCli([...args, '--format', 'json']);
    expect(piped.code, piped.stderr).toBe(1);
    expect(piped.stdout.length).toBeGreaterThan(256 * 1024); // several pipe buffers
    const file = path.join(tmp, 'report.json');
    expect((await runCli([...args, '--format', 'json', '--out', file])).code).toBe(1);
    expect(piped.stdout).toBe(readFileSync(file, 'utf8'));
    expect(() => JSON.parse(piped.stdout)).not.toThrow();
  });

  it('--format github through a pipe: every annotation line, ending in a newline', async () => {
    const piped = await runCli([...args, '--format', 'github']);
    expect(piped.code).toBe(1);
    const file = path.join(tmp, 'report.txt');
    expect((await runCli([...args, '--format', 'github', '--out', file])).code).toBe(1);
    expect(piped.stdout).toBe(readFileSync(file, 'utf8'));
    expect(piped.stdout.endsWith('\n')).toBe(true);
  });
});
