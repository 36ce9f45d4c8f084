import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { extractTarballSafely, unsafeEntryReason } from '../../../src/source/extract.js';
import { LIMITS } from '../../../src/util/limits.js';
import { muslLikeEntries, rawTarGz } from '../../helpers/tar.js';

const scratch = mkdtempSync(join(tmpdir(), 'extract-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function archive(entries: Parameters<typeof rawTarGz>[0]): { file: string; dest: string; dir: string } {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const file = join(dir, 'x.tar.gz');
  writeFileSync(file, rawTarGz(entries));
  return { file, dest: join(dir, 'tree'), dir };
}

describe('unsafeEntryReason', () => {
  it('accepts ordinary members and links that stay inside', () => {
    expect(unsafeEntryReason('musl-1.2.5/src/a.c', 'File')).toBeNull();
    expect(unsafeEntryReason('musl-1.2.5/a/link', 'SymbolicLink', '../b/c')).toBeNull();
  });
  it('rejects absolute paths, .. segments and escaping links', () => {
    expect(unsafeEntryReason('/etc/passwd', 'File')).toMatch(/absolute/);
    expect(unsafeEntryReason('musl/../../x', 'File')).toMatch(/\.\./);
    expect(unsafeEntryReason('musl/link', 'SymbolicLink', '../../etc')).toMatch(/escapes/);
    expect(unsafeEntryReason('musl/link', 'SymbolicLink', '/etc/passwd')).toMatch(/absolute/);
    expect(unsafeEntryReason('musl/hard', 'Link', '../outside')).toMatch(/escapes/);
  });
});

describe('extractTarballSafely', () => {
  it('extracts a well-formed archive to the destination', async () => {
    const { file, dest } = archive(muslLikeEntries('musl-9.9.9', '9.9.9'));
    await extractTarballSafely(file, dest);
    expect(readFileSync(join(dest, 'VERSION'), 'utf8')).toBe('9.9.9\n');
  });

  it.each([
    ['a ../ member', { name: 'musl-9.9.9/../evil', content: 'x' }],
    ['an absolute member', { name: '/tmp/evil', content: 'x' }],
    ['a symlink out of the tree', { name: 'musl-9.9.9/link', type: '2' as const, linkname: '../../../etc/passwd' }],
  ])('refuses %s and writes nothing', async (_label, bad) => {
    const { file, dest, dir } = archive([...muslLikeEntries('musl-9.9.9', '9.9.9'), bad]);
    const err = await extractTarballSafely(file, dest).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/unsafe tarball/);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual(['x.tar.gz']);
  });

  it('reports a truncated archive as unreadable and leaves nothing behind', async () => {
    const { file, dest, dir } = archive(muslLikeEntries('musl-9.9.9', '9.9.9'));
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const err = await extractTarballSafely(file, dest).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/not a readable musl tarball/);
    expect(readdirSync(dir)).toEqual(['x.tar.gz']);
  });

  it('drops setuid, setgid and sticky bits', async () => {
    const { file, dest } = archive([
      ...muslLikeEntries('musl-9.9.9', '9.9.9'),
      { name: 'musl-9.9.9/tools/suid', content: '#!/bin/sh\n', mode: 0o4755 },
      { name: 'musl-9.9.9/tools/sgid/', type: '5', mode: 0o2775 },
    ]);
    await extractTarballSafely(file, dest);
    expect(statSync(join(dest, 'tools/suid')).mode & 0o7000).toBe(0);
    expect(statSync(join(dest, 'tools/suid')).mode & 0o100).toBe(0o100);
    expect(statSync(join(dest, 'tools/sgid')).mode & 0o7000).toBe(0);
  });

  // The limits far above musl (util/limits.ts), scaled down here so the archives stay small.
  const small = { archiveMembers: 100, archiveMemberBytes: 4096, archiveTotalBytes: 16_384 };

  it('the real limits are far above musl 1.2.5 (2,933 members, largest file 145 KB, 14 MB unpacked)', () => {
    expect(LIMITS.archiveMembers).toBeGreaterThan(10 * 2933);
    expect(LIMITS.archiveMemberBytes).toBeGreaterThan(100 * 145_000);
    expect(LIMITS.archiveTotalBytes).toBeGreaterThan(10 * 14_000_000);
  });

  it('refuses more members than the limit, naming it, and stops reading there', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ name: `musl-9.9.9/m/${i}` }));
    const { file, dest, dir } = archive([...muslLikeEntries('musl-9.9.9', '9.9.9'), ...many]);
    const err = await extractTarballSafely(file, dest, small).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`tarball ${file} is not a musl release: more than 100 members (limit; musl has about 3,000)`);
    expect(readdirSync(dir)).toEqual(['x.tar.gz']);
  });

  it('refuses a member above the size limit, and an archive above the total', async () => {
    // Random bytes: node-tar's own decompression-ratio guard would stop a run of one letter first.
    const big = { name: 'musl-9.9.9/big.c', content: randomBytes(2049).toString('hex') };
    const one = archive([...muslLikeEntries('musl-9.9.9', '9.9.9'), big]);
    const err = await extractTarballSafely(one.file, one.dest, small).catch((e) => e);
    expect((err as UserError).message).toContain('member musl-9.9.9/big.c is 4098 bytes, above the 4096 bytes limit for one file');
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: `musl-9.9.9/part${i}.c`, content: randomBytes(2000).toString('hex') }));
    const many = archive([...muslLikeEntries('musl-9.9.9', '9.9.9'), ...parts]);
    const err2 = await extractTarballSafely(many.file, many.dest, small).catch((e) => e);
    expect((err2 as UserError).message).toContain('more than 16384 bytes unpacked');
    expect(existsSync(one.dest) || existsSync(many.dest)).toBe(false);
  });
});

