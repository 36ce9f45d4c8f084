// The reliability issue's defects 5 and 6: what is read from the cache is checked against what made
// it (a cached tree edited later is extracted again, not used), and a failed fetch leaves neither a
// tree nor a marker that a later offline run would trust.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchTree } from '../../../src/source/index.js';
import { requireFreshBuild, runCli } from '../../helpers/cli.js';
import { rawTarGz, type RawEntry } from '../../helpers/tar.js';

const MINI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/musl-mini');
const tmp = mkdtempSync(path.join(tmpdir(), 'cache-trust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** fixtures/musl-mini as a release tarball whose VERSION says `version`. */
function miniTarball(name: string, version: string, top = `musl-${version}`): { file: string; sha256: string } {
  const entries: RawEntry[] = [{ name: `${top}/`, type: '5' }];
  for (const e of readdirSync(MINI, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(MINI, path.join(e.parentPath, e.name));
    if (e.isDirectory()) entries.push({ name: `${top}/${rel}/`, type: '5' });
    else entries.push({ name: `${top}/${rel}`, content: rel === 'VERSION' ? `${version}\n` : readFileSync(path.join(MINI, rel), 'utf8') });
  }
  const file = path.join(tmp, name);
  writeFileSync(file, rawTarGz(entries));
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

const cacheEntries = (cache: string) => (existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String).filter((f) => !f.includes('/')).sort() : []);

describe('a cached tree is checked against its tarball on every use', () => {
  let cache: string;
  let tarball: { file: string; sha256: string };
  beforeAll(() => {
    cache = path.join(tmp, 'cache-a');
    tarball = miniTarball('good.tar.gz', '9.9.9');
  });

  it('a line appended to a cached file is not used: the tree is extracted again, with a note', async () => {
    const tree = await fetchTree('9.9.9', { tarball: tarball.file, sha256: tarball.sha256, cacheDir: cache });
    const file = path.join(tree.root, 'src', 'unistd', 'close.c');
    const pristine = readFileSync(file, 'utf8');
    appendFileSync(file, 'int evil(void) { return __syscall(SYS_getuid); }\n');
    const note = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const again = await fetchTree('9.9.9', { sha256: tarball.sha256, cacheDir: cache, offline: true });
      expect(again.root).toBe(tree.root);
      expect(readFileSync(file, 'utf8')).toBe(pristine);
      expect(String(note.mock.calls[0][0])).toBe(
        'musl-patch: note: the cached musl 9.9.9 tree changed since it was extracted (1 file(s): src/unistd/close.c); extracting it again from the verified tarball\n',
      );
    } finally {
      note.mockRestore();
    }
  });

  it('an added file is found too; an untouched tree is used as it is, with its content digest', async () => {
    const tree = await fetchTree('9.9.9', { sha256: tarball.sha256, cacheDir: cache, offline: true });
    expect(tree.digest).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(path.join(tree.root, 'src', 'internal', 'syscall_backend.h'), '/* poisoned */\n');
    const note = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const again = await fetchTree('9.9.9', { sha256: tarball.sha256, cacheDir: cache, offline: true });
      expect(existsSync(path.join(again.root, 'src', 'internal', 'syscall_backend.h'))).toBe(false);
      expect(again.digest).toBe(tree.digest);
      expect(note).toHaveBeenCalledTimes(1);
      await fetchTree('9.9.9', { sha256: tarball.sha256, cacheDir: cache, offline: true });
      expect(note).toHaveBeenCalledTimes(1);
    } finally {
      note.mockRestore();
    }
  });
});

describe('a failed fetch leaves nothing a later run would trust', () => {
  it('a tarball holding another version: refused, and an offline rerun does not find a tree', async () => {
    const cache = path.join(tmp, 'cache-b');
    const other = miniTarball('other.tar.gz', '1.2.5');
    await expect(fetchTree('9.9.9', { tarball: other.file, sha256: other.sha256, cacheDir: cache })).rejects.toThrow(
      'the tarball for musl 9.9.9 contains musl 1.2.5',
    );
    expect(readdirSync(path.join(cache, 'trees'))).toEqual([]);
    await expect(fetchTree('9.9.9', { sha256: other.sha256, cacheDir: cache, offline: true })).rejects.toThrow(/could not obtain musl-9.9.9.tar.gz/);
    expect(readdirSync(path.join(cache, 'trees'))).toEqual([]);
  });

  it('a tarball that is not a musl tree: the same', async () => {
    const cache = path.join(tmp, 'cache-c');
    const file = path.join(tmp, 'not-musl.tar.gz');
    writeFileSync(file, rawTarGz([{ name: 'musl-9.9.9/', type: '5' }, { name: 'musl-9.9.9/README', content: 'hello\n' }]));
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    await expect(fetchTree('9.9.9', { tarball: file, sha256, cacheDir: cache })).rejects.toThrow(
      'the tarball for musl 9.9.9 does not hold a musl source tree (missing VERSION, Makefile, configure, arch, src/internal/syscall.h)',
    );
    expect(readdirSync(path.join(cache, 'trees'))).toEqual([]);
    await expect(fetchTree('9.9.9', { sha256, cacheDir: cache, offline: true })).rejects.toThrow(/could not obtain/);
  });
});

describe('through the CLI', () => {
  beforeAll(requireFreshBuild);

  it('scan of a version whose cached tree was edited reports the pristine tree (exit 0), and fetch prints nothing before a failure', async () => {
    const cache = path.join(tmp, 'cache-d');
    const good = miniTarball('cli.tar.gz', '9.9.8');
    const env = { MUSL_PATCH_CACHE: cache };
    const first = await runCli(['scan', '9.9.8', '--tarball', good.file, '--sha256', good.sha256, '--arch', 'x86_64'], { env });
    expect(first.code, first.stderr).toBe(0);
    const tree = path.join(cache, 'trees', `musl-9.9.8-${good.sha256.slice(0, 12)}`);
    appendFileSync(path.join(tree, 'src', 'unistd', 'close.c'), 'int evil(void) { return __syscall(SYS_getuid); }\n');
    const again = await runCli(['scan', '9.9.8', '--sha256', good.sha256, '--arch', 'x86_64', '--offline'], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(again.stderr).toMatch(/^musl-patch: note: the cached musl 9\.9\.8 tree changed since it was extracted \(1 file\(s\): src\/unistd\/close\.c\)/);

    const other = miniTarball('cli-other.tar.gz', '1.2.5');
    const failed = await runCli(['fetch', '9.9.7', '--tarball', other.file, '--sha256', other.sha256], { env });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe('musl-patch: the tarball for musl 9.9.7 contains musl 1.2.5 (check the tarball you passed, or ask for the version it holds)\n');
    const rerun = await runCli(['scan', '9.9.7', '--sha256', other.sha256, '--offline'], { env });
    expect(rerun.code).toBe(2);
    expect(rerun.stderr).toMatch(/could not obtain musl-9\.9\.7\.tar\.gz/);
    expect(cacheEntries(path.join(cache, 'trees')).filter((f) => f.includes('9.9.7'))).toEqual([]);
  });
});
