// The probe's results, cached. A probe is a pure function of the tree it preprocesses, the
// toolchain and musl-patch's own code, and it is the slow part of a fresh rewrite (~17 s of CPU
// per arch, one cc1 per source file); `apply --check` (npm run check:generated) runs it for every
// version and arch. Entries live under <cache>/probes, keyed by the content of every file of the
// tree, the compiler's identity and a digest of the code (any change to musl-patch probes again).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Toolchain } from '../arch/index.js';
import { cacheDir, cacheSubdir, intactCacheEntry, storeCacheEntry, useCacheEntry } from '../util/cache.js';
import { probeTree, type ProbeResult } from './probe.js';

const RESULT = 'probe.json';

export interface ProbeCacheOptions {
  /** Cache root (default: the musl-patch cache directory). */
  cacheRoot?: string;
  /** The probe itself (tests pass a stand-in). */
  probe?: typeof probeTree;
}

/** probeTree(srcdir, tc, jobs), from the cache when the same tree, compiler and code were probed before. */
export async function cachedProbe(srcdir: string, tc: Toolchain, jobs: number, opts: ProbeCacheOptions = {}): Promise<ProbeResult> {
  const dir = path.join(cacheSubdir(cacheDir(opts.cacheRoot), 'probes'), `${tc.arch}-${probeKey(srcdir, tc)}`);
  const file = path.join(dir, RESULT);
  let result: ProbeResult | undefined;
  if (!intactCacheEntry(dir)) {
    await storeCacheEntry(
      dir,
      async (work) => {
        result = await (opts.probe ?? probeTree)(srcdir, tc, jobs);
        await mkdir(work, { recursive: true });
        await writeFile(path.join(work, RESULT), JSON.stringify(result) + '\n');
      },
      () => intactCacheEntry(dir),
    );
  }
  useCacheEntry(dir);
  return result ?? (JSON.parse(readFileSync(file, 'utf8')) as ProbeResult);
}

/** What a probe's result depends on: every file of the tree (path and bytes), the compiler, the code. */
export function probeKey(srcdir: string, tc: Toolchain): string {
  const hash = createHash('sha256').update(JSON.stringify([tc.arch, tc.cc, tc.target, tc.version, codeDigest()]));
  const files = readdirSync(srcdir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(srcdir, path.join(e.parentPath, e.name)))
    .sort();
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(path.join(srcdir, f))).update('\0');
  return hash.digest('hex').slice(0, 24);
}

let digest: string | undefined;

/** The package's own code as it runs: every .js/.ts module under dist/ (or src/ in the tests). */
function codeDigest(): string {
  if (digest) return digest;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
  for (const f of files) hash.update(`${f}\0`).update(readFileSync(path.join(root, f))).update('\0');
  return (digest = hash.digest('hex'));
}
