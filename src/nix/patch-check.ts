// Applying patch files to a copy of a musl tree with GNU patch, to learn whether they still fit.

import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PatchRef } from './types.js';

export type PatchStatus = 'applies' | 'already-applied' | 'fails' | 'unavailable';

export interface PatchOutcome {
  label: string;
  file: string | null;
  status: PatchStatus;
  /** The first lines of patch's complaint, or why the patch could not be checked. */
  detail: string;
}

function runPatch(tree: string, file: string, extra: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolvePromise) => {
    // -f: never ask (and never assume a reversed patch is meant reversed); -s: only problems.
    execFile('patch', ['-p1', '-f', '-s', '-i', file, ...extra], { cwd: tree, timeout: 120_000 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        resolvePromise({ ok: false, output: 'GNU patch is not installed' });
        return;
      }
      resolvePromise({ ok: !err, output });
    });
  });
}

function firstLines(text: string, n = 2): string {
  return text.split('\n').filter(Boolean).slice(0, n).join(' / ');
}

/**
 * Applies `patches` in order to `tree` (which is modified). A patch that does not apply is
 * classified — already in the tree (it reverses cleanly) or failing — and skipped, as a human
 * would, so later patches are still judged.
 */
export async function applyInOrder(tree: string, patches: { label: string; file: string | null }[]): Promise<PatchOutcome[]> {
  const outcomes: PatchOutcome[] = [];
  for (const p of patches) {
    if (!p.file) {
      outcomes.push({ label: p.label, file: null, status: 'unavailable', detail: 'not available locally (remote patch not in the nix store)' });
      continue;
    }
    const dry = await runPatch(tree, p.file, ['--dry-run']);
    if (dry.ok) {
      const real = await runPatch(tree, p.file, []);
      outcomes.push({ label: p.label, file: p.file, status: real.ok ? 'applies' : 'fails', detail: real.ok ? '' : firstLines(real.output) });
      continue;
    }
    const reverse = await runPatch(tree, p.file, ['--dry-run', '-R']);
    outcomes.push({
      label: p.label,
      file: p.file,
      status: reverse.ok ? 'already-applied' : 'fails',
      detail: reverse.ok ? 'its change is already in this musl (upstreamed?)' : firstLines(dry.output),
    });
  }
  return outcomes;
}

/** Runs `fn` on a throw-away copy of `tree` under `workDir`. */
export async function withTreeCopy<T>(tree: string, workDir: string, fn: (copy: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(workDir, 'tree-'));
  const copy = join(dir, 'musl');
  try {
    await cp(tree, copy, { recursive: true });
    return await fn(copy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Patch list entries as the checker wants them. */
export function checkable(patches: PatchRef[]): { label: string; file: string | null }[] {
  return patches.map((p) => ({ label: p.label, file: p.file }));
}
