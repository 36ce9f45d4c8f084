import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VersionDiff } from '../../../src/diff/version-diff.js';
import { CLI, muslTree } from '../musl-trees.js';

function diffJson(from: string, to: string): VersionDiff {
  const r = spawnSync(process.execPath, [CLI, 'diff', from, to, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('musl-patch diff on real musl', () => {
  let d123to125: VersionDiff;
  let d125to126: VersionDiff;
  beforeAll(() => {
    d123to125 = diffJson('1.2.3', '1.2.5');
    d125to126 = diffJson('1.2.5', '1.2.6');
  });

  it('1.2.3 → 1.2.5 newly needs fchmodat2, preadv2 and pwritev2 on every arch', async () => {
    // Independent check: the files that call them are new in 1.2.5.
    const [old, neu] = await Promise.all([muslTree('1.2.3'), muslTree('1.2.5')]);
    for (const f of ['src/linux/preadv2.c', 'src/linux/pwritev2.c']) {
      expect(existsSync(join(old.root, f))).toBe(false);
      expect(existsSync(join(neu.root, f))).toBe(true);
    }
    expect(d123to125.arches.map((a) => a.arch)).toEqual(['x86_64', 'i386', 'aarch64', 'riscv64']);
    for (const a of d123to125.arches) {
      expect(a.newlyNeeded, a.arch).toEqual(expect.arrayContaining(['syscall_SYS_fchmodat2', 'syscall_SYS_preadv2', 'syscall_SYS_pwritev2']));
      expect(a.added.some((s) => s.file === 'src/linux/preadv2.c' && s.function === 'preadv2'), a.arch).toBe(true);
      // ppoll moved from src/linux to src/select: a change (matched by function), not an add + remove.
      expect(a.changed.some((c) => c.after.function === 'ppoll' && c.changes.includes('moved from src/linux/ppoll.c')), a.arch).toBe(true);
      expect(a.removed.some((s) => s.function === 'ppoll'), a.arch).toBe(false);
    }
  });

  it('1.2.5 → 1.2.6 newly needs renameat2, called from a file new in 1.2.6', async () => {
    const [old, neu] = await Promise.all([muslTree('1.2.5'), muslTree('1.2.6')]);
    expect(existsSync(join(old.root, 'src/linux/renameat2.c'))).toBe(false);
    expect(existsSync(join(neu.root, 'src/linux/renameat2.c'))).toBe(true);
    // riscv64 has no SYS_renameat (1.2.5's syscall table, checked here): 1.2.5's rename() already
    // calls SYS_renameat2 there, so the new file adds a site but no newly needed function.
    expect(readFileSync(join(old.root, 'arch/riscv64/bits/syscall.h.in'), 'utf8')).not.toMatch(/__NR_renameat\s/);
    for (const a of d125to126.arches) {
      if (a.arch === 'riscv64') expect(a.newlyNeeded, a.arch).not.toContain('syscall_SYS_renameat2');
      else expect(a.newlyNeeded, a.arch).toContain('syscall_SYS_renameat2');
      expect(a.added.some((s) => s.file === 'src/linux/renameat2.c'), a.arch).toBe(true);
    }
  });

  it('prints a readable text summary and a Markdown table', () => {
    const text = spawnSync(process.execPath, [CLI, 'diff', '1.2.5', '1.2.6', '--arch', 'x86_64'], { encoding: 'utf8' }).stdout;
    expect(text.split('\n')[0]).toBe('musl 1.2.5 → 1.2.6');
    expect(text).toMatch(/^ {2}newly needed \(\d+\): .*syscall_SYS_renameat2/m);
    const md = spawnSync(process.execPath, [CLI, 'diff', '1.2.5', '1.2.6', '--arch', 'aarch64', '--format', 'markdown'], { encoding: 'utf8' }).stdout;
    expect(md).toMatch(/^\| arch \| newly needed \| no longer needed \| sites added \| removed \| changed \|$/m);
    expect(md).toMatch(/^\| aarch64 \| [1-9]\d* \|/m);
  });
});
