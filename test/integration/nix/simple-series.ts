// A small but real series generator for the sync tests: one patch, made with diff(1) against the
// real release tree, turning x86_64's trap instruction into a call. The rewrite stage's generator
// (src/rewrite) takes minutes per version; the sync machinery only needs a genuine series.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILE = 'arch/x86_64/syscall_arch.h';

export function writeSimpleSeries(treeRoot: string, version: string, patchesRoot: string): string[] {
  const original = readFileSync(join(treeRoot, FILE), 'utf8');
  const changed = original.replaceAll('"syscall"', '"call __musl_patch_backend"');
  if (changed === original) throw new Error(`no trap instruction in ${FILE} of ${version}`);
  const work = mkdtempSync(join(tmpdir(), 'musl-patch-series-'));
  for (const [side, text] of [['a', original], ['b', changed]] as const) {
    mkdirSync(join(work, side, 'arch/x86_64'), { recursive: true });
    writeFileSync(join(work, side, FILE), text);
  }
  let patch = '';
  try {
    execFileSync('diff', ['-u', `a/${FILE}`, `b/${FILE}`], { cwd: work });
  } catch (err) {
    patch = (err as { stdout: Buffer }).stdout.toString();
  }
  const dir = join(patchesRoot, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '0001-x86_64-trap-to-call.patch'), patch);
  writeFileSync(join(dir, 'series'), '0001-x86_64-trap-to-call.patch\n');
  return [join(dir, '0001-x86_64-trap-to-call.patch')];
}
