import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSeal, parseSeal, sealDir } from '../../../src/util/seal.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'seal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function tree(): string {
  const dir = path.join(tmp, `t${n++}`);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'VERSION'), '1.2.5\n');
  writeFileSync(path.join(dir, 'src', 'read.c'), 'long read(void) { return 0; }\n');
  symlinkSync('read.c', path.join(dir, 'src', 'link.c'));
  return dir;
}

describe('seals', () => {
  it('an untouched directory checks without hashing anything new', () => {
    const dir = tree();
    const seal = sealDir(dir);
    expect(Object.keys(seal.files)).toEqual(['VERSION', 'src/link.c', 'src/read.c']);
    expect(checkSeal(dir, seal)).toEqual({ changed: [], restamped: null });
  });

  it('finds an edit that keeps the size and restores the mtime (ctime still moves)', async () => {
    const dir = tree();
    const file = path.join(dir, 'src', 'read.c');
    const seal = sealDir(dir);
    const before = statSync(file);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, 'long read(void) { return 1; }\n'); // same length
    utimesSync(file, before.atime, before.mtime);
    // utimes keeps microseconds at best: make the seal's mtime exactly the restored one, so that
    // only the ctime tells (as after `touch -r` on a file system with coarse timestamps).
    const after = statSync(file);
    expect(after.size).toBe(before.size);
    seal.files['src/read.c'][2] = after.mtimeMs;
    expect(after.ctimeMs).not.toBe(seal.files['src/read.c'][3]);
    expect(checkSeal(dir, seal).changed).toEqual(['src/read.c']);
  });

  it('finds added, removed and retargeted files', () => {
    const dir = tree();
    const seal = sealDir(dir);
    writeFileSync(path.join(dir, 'src', 'extra.c'), '');
    unlinkSync(path.join(dir, 'VERSION'));
    unlinkSync(path.join(dir, 'src', 'link.c'));
    symlinkSync('extra.c', path.join(dir, 'src', 'link.c'));
    expect(checkSeal(dir, seal).changed).toEqual(['VERSION', 'src/extra.c', 'src/link.c']);
  });

  it('a touched but unchanged file is restamped, not reported', async () => {
    const dir = tree();
    const seal = sealDir(dir);
    await new Promise((r) => setTimeout(r, 20));
    const now = new Date();
    utimesSync(path.join(dir, 'VERSION'), now, now);
    const check = checkSeal(dir, seal);
    expect(check.changed).toEqual([]);
    expect(check.restamped?.digest).toBe(seal.digest);
    expect(checkSeal(dir, check.restamped!)).toEqual({ changed: [], restamped: null });
  });

  it('the digest is the content: equal for a copy, different for any edit; a damaged seal does not parse', () => {
    const a = tree();
    const b = tree();
    expect(sealDir(a).digest).toBe(sealDir(b).digest);
    writeFileSync(path.join(b, 'VERSION'), '1.2.6\n');
    expect(sealDir(b).digest).not.toBe(sealDir(a).digest);
    const seal = sealDir(a);
    expect(parseSeal(JSON.parse(JSON.stringify(seal)))).toEqual(seal);
    const forged = JSON.parse(JSON.stringify(seal));
    forged.files['VERSION'][5] = '0'.repeat(64);
    expect(parseSeal(forged)).toBeNull();
    expect(parseSeal('a9a118bb')).toBeNull();
  });
});
