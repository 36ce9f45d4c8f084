import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MuslTree } from '../model/index.js';
import type { StalePatch } from './version-diff.js';
import { seriesNames } from '../rewrite/index.js';

/**
 * Applies a series, in order, to a scratch copy of `tree` and returns the patches that fail
 * (each checked with --dry-run first, so a failing patch leaves nothing half applied for the next).
 */
export async function stalePatches(seriesDir: string, tree: MuslTree): Promise<StalePatch[]> {
  const patches = seriesNames(seriesDir);
  if (patches.length === 0) return [];
  const scratch = await mkdtemp(join(tmpdir(), 'musl-patch-stale-'));
  try {
    await cp(tree.root, scratch, { recursive: true });
    const stale: StalePatch[] = [];
    for (const name of patches) {
      // patch(1) runs in the scratch copy: the series must be named absolutely.
      const file = resolve(seriesDir, name);
      const args = ['-p1', '--forward', '--batch', '--no-backup-if-mismatch', '-i', file];
      const dry = spawnSync('patch', ['--dry-run', ...args], { cwd: scratch, encoding: 'utf8' });
      if (dry.status !== 0) {
        const reasons = `${dry.stdout}${dry.stderr}`.split('\n').filter((l) => /FAILED|can't find|Reversed|malformed|No such file/i.test(l));
        stale.push({ patch: name, reason: reasons.slice(0, 3).join('; ') || `patch exited with ${dry.status}` });
        continue;
      }
      spawnSync('patch', args, { cwd: scratch, encoding: 'utf8' });
    }
    return stale;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
