// A seal records what a directory held when musl-patch made it (every file's content hash and
// stat), so that anything read back from the cache is checked against what made it: a file
// edited, added or removed since is found. Checking compares stats (size, mtime, ctime, inode: an
// edit that restores size and mtime still changes ctime) and hashes only files whose stat moved.

import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';

/** type ('f' file, 'l' symlink), size, mtime, ctime, inode, then sha256 of the content (or the link target). */
type FileSeal = [type: 'f' | 'l', size: number, mtimeMs: number, ctimeMs: number, ino: number, content: string];

export interface Seal {
  /** Relative path (with `/`) → what it was. */
  files: Record<string, FileSeal>;
  /** Digest of every path and content (not the stats): the tree's content, usable as a cache key. */
  digest: string;
}

interface Entry {
  rel: string;
  abs: string;
  st: Stats;
}

/** Files and symlinks under `dir` (sorted), except `skip` (a seal kept inside the directory). */
function entries(dir: string, skip?: string): Entry[] {
  const out: Entry[] = [];
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs).split(path.sep).join('/');
    if (rel === skip) continue;
    out.push({ rel, abs, st: lstatSync(abs) });
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function content({ abs, st }: Entry): string {
  if (st.isSymbolicLink()) return readlinkSync(abs);
  if (!st.isFile()) return `<${st.mode.toString(8)}>`; // a device or FIFO: never what we made
  return createHash('sha256').update(readFileSync(abs)).digest('hex');
}

function fileSeal(e: Entry, hash: string): FileSeal {
  return [e.st.isSymbolicLink() ? 'l' : 'f', e.st.size, e.st.mtimeMs, e.st.ctimeMs, e.st.ino, hash];
}

function digestOf(files: Record<string, FileSeal>): string {
  const h = createHash('sha256');
  for (const [rel, f] of Object.entries(files)) h.update(`${rel}\0${f[0]}\0${f[5]}\n`);
  return h.digest('hex');
}

/** Seals `dir` as it is now (hashes every file). */
export function sealDir(dir: string, skip?: string): Seal {
  const files: Record<string, FileSeal> = {};
  for (const e of entries(dir, skip)) files[e.rel] = fileSeal(e, content(e));
  return { files, digest: digestOf(files) };
}

export interface SealCheck {
  /** Paths added, removed or changed since the seal (empty: the directory is as sealed). */
  changed: string[];
  /** When only stats moved (a copy, `touch`), the seal with the new stats, to store again. */
  restamped: Seal | null;
}

/** Compares `dir` with its seal: stats first, content only for files whose stat differs. */
export function checkSeal(dir: string, seal: Seal, skip?: string): SealCheck {
  const changed: string[] = [];
  const files: Record<string, FileSeal> = {};
  let moved = false;
  const now = entries(dir, skip);
  const present = new Set<string>();
  for (const e of now) {
    present.add(e.rel);
    const was = seal.files[e.rel];
    if (!was) {
      changed.push(e.rel);
      continue;
    }
    const same = was[0] === (e.st.isSymbolicLink() ? 'l' : 'f') && was[1] === e.st.size && was[2] === e.st.mtimeMs && was[3] === e.st.ctimeMs && was[4] === e.st.ino;
    if (same) {
      files[e.rel] = was;
      continue;
    }
    const hash = content(e);
    if (hash !== was[5]) changed.push(e.rel);
    files[e.rel] = fileSeal(e, hash);
    moved = true;
  }
  for (const rel of Object.keys(seal.files)) if (!present.has(rel)) changed.push(rel);
  return { changed: changed.sort(), restamped: changed.length === 0 && moved ? { files, digest: seal.digest } : null };
}

/** A seal read back from JSON, or null when it is not one (an older format, a damaged file). */
export function parseSeal(value: unknown): Seal | null {
  const v = value as Partial<Seal> | null;
  if (!v || typeof v.digest !== 'string' || typeof v.files !== 'object' || v.files === null) return null;
  return digestOf(v.files) === v.digest ? (v as Seal) : null;
}
