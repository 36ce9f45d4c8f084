import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { extractTarballSafely, unsafeEntryReason } from '../../../src/source/extract.js';
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
});
