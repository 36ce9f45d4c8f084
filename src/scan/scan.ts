// Scans several arches of one tree, sharing the parsing, and caches the result: a re-scan of an
// unchanged tree reads one JSON file instead of parsing (keyed on every file's size and mtime,
// the scanner's own code, and the options).

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchModel, MuslTree, SyscallSite } from '../model.js';
import { loadArchModel } from '../musl/arch-model.js';
import { checkArch } from '../musl/tree.js';
import { cacheDir, cacheSubdir } from '../source/cache.js';
import { cParser } from './c-parser.js';
import { scanArchWith, type ScanOptions } from './scan-arch.js';
import { listFiles, TREE_DIRS, TreeIndex } from './tree-index.js';

export interface ArchResult {
  arch: string;
  sites: SyscallSite[];
}

export interface ScanResult {
  version: string;
  arches: ArchResult[];
  /** Whether the result came from the cache. */
  cached: boolean;
}

export interface ScanRunOptions extends ScanOptions {
  /** Cache root (default: MUSL_PATCH_CACHE, XDG_CACHE_HOME/musl-patch, ~/.cache/musl-patch). */
  cacheDir?: string;
  /** false: neither read nor write the cache. */
  cache?: boolean;
  loadModel?: (tree: MuslTree, arch: string) => Promise<ArchModel>;
}

export async function scan(tree: MuslTree, arches: string[], opts: ScanRunOptions = {}): Promise<ScanResult> {
  const wanted = [...new Set(arches)];
  for (const arch of wanted) checkArch(tree, arch);
  const useCache = opts.cache !== false;
  const file = useCache ? cacheFile(tree, wanted, opts) : null;
  if (file) {
    const hit = readCache(file);
    if (hit) return { version: tree.version, arches: hit, cached: true };
  }
  const load = opts.loadModel ?? loadArchModel;
  const models = await Promise.all(wanted.map((arch) => load(tree, arch)));
  const index = new TreeIndex(tree.root, await cParser());
  index.prepare(wanted);
  const result = models.map((model) => ({ arch: model.arch, sites: scanArchWith(index, model, opts) }));
  if (file) writeCache(file, result);
  return { version: tree.version, arches: result, cached: false };
}

function cacheFile(tree: MuslTree, arches: string[], opts: ScanRunOptions): string | null {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ root: tree.root, version: tree.version, arches, naming: [opts.syscallPrefix, opts.socketcallPrefix, opts.dynamicSymbol], traps: opts.trapSymbols ?? [] }));
  for (const f of [...listFiles(tree.root, TREE_DIRS), 'Makefile', 'VERSION']) stamp(hash, join(tree.root, f), f);
  // The scanner's own code: a new version of musl-patch must not reuse an old scan.
  const here = dirname(fileURLToPath(import.meta.url));
  for (const f of readdirSync(here).sort()) if (/\.(js|ts)$/.test(f)) stamp(hash, join(here, f), f);
  let dir: string;
  try {
    dir = cacheSubdir(cacheDir(opts.cacheDir), 'scan');
  } catch {
    return null; // an unwritable cache only costs speed
  }
  return join(dir, `${hash.digest('hex').slice(0, 32)}.json`);
}

function stamp(hash: ReturnType<typeof createHash>, abs: string, name: string): void {
  try {
    const s = statSync(abs);
    hash.update(`${name}\0${s.size}\0${s.mtimeMs}\0${s.ino}\n`);
  } catch {
    hash.update(`${name}\0missing\n`);
  }
}

function readCache(file: string): ArchResult[] | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { arches?: ArchResult[] };
    return Array.isArray(data.arches) ? data.arches : null;
  } catch {
    return null;
  }
}

function writeCache(file: string, arches: ArchResult[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ arches }));
    renameSync(tmp, file);
  } catch {
    // Best effort: the scan itself succeeded.
  }
}
