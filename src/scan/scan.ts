// Scans several arches of one tree, sharing the parsing, and caches the result: a re-scan of an
// unchanged tree reads one JSON file instead of parsing (keyed on the tree's content digest for a
// sealed cache tree, else every file's size, mtime, ctime and inode; the scanner's own code; the
// options).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MuslTree } from '../model/index.js';
import { DEFAULT_NAMING } from '../model/naming.js';
import { checkArch, DEFAULT_MALLOC } from '../musl/index.js';
import { cacheDir, cacheSubdir } from '../util/cache.js';
import type { ArchResult, ScanRunOptions } from './types.js';
import { listFiles, TREE_DIRS } from './tree-files.js';
import { release, tempBeside } from '../util/temp.js';

export interface ScanResult {
  version: string;
  arches: ArchResult[];
  /** Whether the result came from the cache. */
  cached: boolean;
  /**
   * Whether these sites already passed the `--json` schema in an earlier run (recorded in the cache
   * entry by `rememberValidated`), so that a cached `scan --json` need not load zod.
   */
  validated: boolean;
  /** The cache entry (absent when the cache is off or unwritable). */
  cacheFile?: string;
  /** Where the time went (ms), for --verbose and the benchmark; absent on a cache hit. */
  timings?: Record<string, number>;
}

export async function scan(tree: MuslTree, arches: string[], opts: ScanRunOptions = {}): Promise<ScanResult> {
  const wanted = [...new Set(arches)];
  for (const arch of wanted) checkArch(tree, arch);
  const useCache = opts.cache !== false;
  // A sealed tree's key is its digest: the listing waits until there is something to scan.
  let files = tree.digest ? null : listFiles(tree.root, TREE_DIRS);
  const file = useCache ? cacheFile(tree, wanted, files ?? [], opts) : null;
  if (file) {
    const hit = readCache(file);
    if (hit) return { version: tree.version, arches: hit.arches, cached: true, validated: hit.validated, cacheFile: file };
  }
  // The parser and the scanner proper load only when there is something to parse.
  const { scanTree } = await import('./scan-tree.js');
  files ??= listFiles(tree.root, TREE_DIRS);
  const { arches: result, timings } = await scanTree(tree, wanted, files, opts);
  if (file) writeCache(file, result, false);
  return { version: tree.version, arches: result, cached: false, validated: false, cacheFile: file ?? undefined, timings };
}

/** Records in the cache entry that the result's sites passed the `--json` schema. */
export function rememberValidated(result: ScanResult): void {
  if (result.cacheFile && !result.validated) writeCache(result.cacheFile, result.arches, true);
}

function cacheFile(tree: MuslTree, arches: string[], treeFiles: string[], opts: ScanRunOptions): string | null {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ root: tree.root, version: tree.version, arches, naming: opts.naming ?? DEFAULT_NAMING, ...(opts.malloc && opts.malloc !== DEFAULT_MALLOC ? { malloc: opts.malloc } : {}) }),
  );
  const here = dirname(fileURLToPath(import.meta.url));
  // A sealed cache tree checked this run stands for its content; any other tree for its files' stats
  // (ctime too: an edit that restores size and mtime still moves it).
  if (tree.digest) hash.update(`tree\0${tree.digest}\n`);
  const files = [
    ...(tree.digest ? [] : [...treeFiles, 'Makefile', 'VERSION'].map((f) => [f, join(tree.root, f)])),
    // The scanner's own code and the tree model it scans by (arch models, syscall tables): a new
    // version of musl-patch must not reuse an old scan.
    ...['scan', 'musl'].flatMap((stage) =>
      readdirSync(join(here, '..', stage))
        .sort()
        .filter((f) => /\.(js|ts)$/.test(f))
        .map((f) => [`<${stage}>/${f}`, join(here, '..', stage, f)]),
    ),
  ];
  // Synchronous stats measured faster than thousands of promises on libuv's pool; one update of
  // the joined lines is faster than one per file.
  const lines = files.map(([name, abs]) => {
    const s = statSync(abs, { throwIfNoEntry: false });
    return `${name}\0${s ? `${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}` : 'missing'}\n`;
  });
  hash.update(lines.join(''));
  let dir: string;
  try {
    dir = cacheSubdir(cacheDir(opts.cacheDir), 'scan');
  } catch {
    return null; // an unwritable cache only costs speed
  }
  return join(dir, `${hash.digest('hex').slice(0, 32)}.json`);
}

export interface CacheEntry {
  arches: ArchResult[];
  validated: boolean;
}

/**
 * An entry is its body's sha256 on the first line, then the body (JSON): what is read back is what
 * the scanner wrote. Anything else (unreadable, edited, an older format) is a miss.
 */
function readCache(file: string): CacheEntry | null {
  try {
    const text = readFileSync(file, 'utf8');
    const eol = text.indexOf('\n');
    const body = text.slice(eol + 1);
    if (eol !== 64 || createHash('sha256').update(body).digest('hex') !== text.slice(0, 64)) return null;
    const data = JSON.parse(body) as Partial<CacheEntry>;
    return Array.isArray(data.arches) ? { arches: data.arches, validated: data.validated === true } : null;
  } catch {
    return null;
  }
}

export function cacheEntryText(entry: CacheEntry): string {
  const body = JSON.stringify(entry);
  return `${createHash('sha256').update(body).digest('hex')}\n${body}`;
}

/** Scans kept per cache directory; older ones (other trees, older scanner builds) are dropped. */
const KEEP = 32;

function writeCache(file: string, arches: ArchResult[], validated: boolean): void {
  const tmp = tempBeside(file);
  try {
    writeFileSync(tmp, cacheEntryText({ arches, validated }));
    renameSync(tmp, file);
    const dir = dirname(file);
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(KEEP)) rmSync(join(dir, f), { force: true });
  } catch {
    // Best effort: the scan itself succeeded.
    rmSync(tmp, { force: true });
  } finally {
    release(tmp);
  }
}
