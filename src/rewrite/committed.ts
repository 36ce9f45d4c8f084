// What this package ships: the patch series (musl-patches/<version>/), applied with patch(1), and the
// contract files of kernel-backend/. A user's `apply` needs neither compilers nor the probe when
// the committed series fits the request.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { UserError } from '../util/errors.js';

/** `musl-patches/` of this package (next to dist/ and src/), wherever the command runs from. */
export const PACKAGE_SERIES_ROOT = fileURLToPath(new URL('../../musl-patches', import.meta.url));

/** `kernel-backend/` of this package: the committed contract headers and passthrough tables (same relative place from src/ and dist/). */
export const PACKAGE_KERNEL_BACKEND_ROOT = fileURLToPath(new URL('../../kernel-backend', import.meta.url));

/** The patch names a quilt-style `series` file lists, in order (`#` comments; options after a name ignored). */
export function seriesNames(seriesDir: string): string[] {
  const file = path.join(seriesDir, 'series');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[0]);
}

export interface HunkConflict {
  patch: string;
  file: string;
  hunk: number;
}

/**
 * Applies each patch of a list in order to `dir` with `patch -p1`, every one dry-run first so a
 * failing patch changes nothing. Returns the conflicts per hunk; stops at the first failing patch.
 */
export function applyPatchFiles(dir: string, patches: string[]): HunkConflict[] {
  for (const file of patches) {
    const args = ['-p1', '--forward', '--batch', '--no-backup-if-mismatch', '-i', file];
    const dry = spawnSync('patch', ['--dry-run', ...args], { cwd: dir, encoding: 'utf8' });
    if (dry.error) throw new UserError('patch(1) is not installed', 'install it (Debian: apt-get install patch)');
    if (dry.status !== 0) return hunkConflicts(path.basename(file), `${dry.stdout}\n${dry.stderr}`);
    const real = spawnSync('patch', args, { cwd: dir, encoding: 'utf8' });
    if (real.status !== 0) return hunkConflicts(path.basename(file), `${real.stdout}\n${real.stderr}`);
  }
  return [];
}

/** Reads patch(1)'s output: `patching file F` then `Hunk #N FAILED at L.` lines (or a missing file). */
export function hunkConflicts(patch: string, output: string): HunkConflict[] {
  const out: HunkConflict[] = [];
  let file = '?';
  for (const line of output.split('\n')) {
    const f = line.match(/^(?:checking|patching) file (\S+)/);
    if (f) file = f[1];
    const h = line.match(/^Hunk #(\d+) FAILED/);
    if (h) out.push({ patch, file, hunk: Number(h[1]) });
    const missing = line.match(/can't find file to patch|No file to patch|Reversed \(or previously applied\) patch detected/);
    if (missing) out.push({ patch, file, hunk: 0 });
  }
  return out.length > 0 ? out : [{ patch, file, hunk: 0 }];
}

/**
 * The files in which `pristineRoot` with the series of `seriesDir` applied (patch -p1, as a user
 * applies it) differs from `expectedRoot` — missing, extra or other bytes; [] when the series
 * reproduces that tree exactly. A patch that does not apply is reported by its name.
 */
export function seriesMismatches(pristineRoot: string, seriesDir: string, expectedRoot: string, skip: (src: string) => boolean = () => false): string[] {
  const scratch = mkdtempSync(path.join(tmpdir(), 'musl-patch-series-check-'));
  try {
    const applied = path.join(scratch, 'tree');
    cpSync(pristineRoot, applied, { recursive: true, filter: (src) => !skip(src) });
    const conflicts = applyPatchFiles(applied, seriesNames(seriesDir).map((n) => path.join(seriesDir, n)));
    if (conflicts.length > 0) return [...new Set(conflicts.map((c) => `${c.patch} does not apply (${c.file})`))];
    const files = (root: string) =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
    const got = new Set(files(applied));
    const want = new Set(files(expectedRoot));
    return [...new Set([...got, ...want])]
      .filter((f) => !got.has(f) || !want.has(f) || !readFileSync(path.join(applied, f)).equals(readFileSync(path.join(expectedRoot, f))))
      .sort();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
