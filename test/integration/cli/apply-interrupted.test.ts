// The reliability issue's defects 4 and 11: replacing --out is a swap of the whole result, so a
// SIGKILL at any moment leaves the complete old tree (and the next run sweeps the leftovers); a
// SIGINT/TERM/HUP removes the temporary tree before exiting 128+N.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDirRefusal } from '../../../src/rewrite/tree-guard.js';
import { CLI, requireFreshBuild, runCli } from '../../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'apply-interrupted-'));
const out = path.join(tmp, 'musl-includeos');
const fileCount = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const leftovers = () => readdirSync(tmp).filter((f) => f !== 'musl-includeos');

beforeAll(async () => {
  requireFreshBuild();
  const first = await runCli(['apply', '1.2.5', '--out', out, '--offline']);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Starts `apply 1.2.5 --out out` and sends `signal` once its temporary tree holds `files` files. */
function interruptApply(signal: NodeJS.Signals, files: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sentAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'apply', '1.2.5', '--out', out, '--offline'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt = -1;
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const poll = setInterval(() => {
      const work = readdirSync(tmp).find((f) => f.startsWith(`musl-includeos.tmp-${child.pid}-`));
      if (!work) return;
      const n = fileCount(path.join(tmp, work));
      if (n >= files) {
        clearInterval(poll);
        sentAt = n;
        child.kill(signal);
      }
    }, 5);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stderr, sentAt });
    });
  });
}

describe('apply --out replaced whole', () => {
  it('SIGKILL while the new tree is being written leaves the complete old tree; the next run sweeps', async () => {
    const complete = fileCount(out);
    const r = await interruptApply('SIGKILL', 1000);
    expect(r.signal).toBe('SIGKILL');
    expect(r.sentAt).toBeGreaterThanOrEqual(1000);
    expect(fileCount(out)).toBe(complete);
    expect(outputDirRefusal(out)).toBeNull(); // every file as apply wrote it
    expect(leftovers().length).toBe(1); // the dead process's temporary tree
    const again = await runCli(['apply', '1.2.5', '--out', out, '--offline']);
    expect(again.code, again.stderr).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} removes the temporary tree and exits ${code}, keeping the old tree`, async () => {
      const complete = fileCount(out);
      const r = await interruptApply(signal, 500);
      expect(r.sentAt).toBeGreaterThanOrEqual(500);
      expect(r.code, r.stderr).toBe(code);
      expect(leftovers()).toEqual([]);
      expect(fileCount(out)).toBe(complete);
      expect(outputDirRefusal(out)).toBeNull();
    });
  }
});
