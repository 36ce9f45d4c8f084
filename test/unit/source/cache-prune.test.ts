import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENTRY_SEAL, intactCacheEntry, storeCacheEntry, useCacheEntry } from '../../../src/util/cache.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Creates cache entries whose last use was `minutesAgo` minutes ago. */
function entries(spec: Record<string, number>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cache-prune-'));
  roots.push(root);
  for (const [name, minutesAgo] of Object.entries(spec)) {
    mkdirSync(path.join(root, name, 'prefix'), { recursive: true });
    const t = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(path.join(root, name), t, t);
  }
  return root;
}

describe('useCacheEntry', () => {
  it('keeps the entry in use and the two most recent others of its group, removes older ones', () => {
    const root = entries({
      '1.2.5-x86_64-patched-aaaa': 600,
      '1.2.5-x86_64-patched-bbbb': 300,
      '1.2.5-x86_64-patched-cccc': 200,
      '1.2.5-x86_64-patched-dddd': 400,
      '1.2.5-x86_64-patched-eeee': 500,
      '1.2.5-x86_64-patched-ffff.tmp-123': 900,
      '1.2.5-i386-patched-zzzz': 900,
      '1.2.5-x86_64-plain-yyyy': 900,
    });
    useCacheEntry(path.join(root, '1.2.5-x86_64-patched-aaaa'));
    expect(readdirSync(root).sort()).toEqual([
      '1.2.5-i386-patched-zzzz',
      '1.2.5-x86_64-patched-aaaa',
      '1.2.5-x86_64-patched-bbbb',
      '1.2.5-x86_64-patched-cccc',
      '1.2.5-x86_64-patched-ffff.tmp-123',
      '1.2.5-x86_64-plain-yyyy',
    ]);
  });

  it('removes nothing used within the last hour (another build may be reading it)', () => {
    const root = entries({ '1.2.6-shipped-a': 10, '1.2.6-shipped-b': 20, '1.2.6-shipped-c': 30, '1.2.6-shipped-d': 40, '1.2.6-shipped-e': 50 });
    useCacheEntry(path.join(root, '1.2.6-shipped-e'));
    expect(readdirSync(root)).toHaveLength(5);
  });

  it('does not fail on a missing directory', () => {
    expect(() => useCacheEntry(path.join(tmpdir(), 'no-such-cache-entry-xyz'))).not.toThrow();
    expect(existsSync(path.join(tmpdir(), 'no-such-cache-entry-xyz'))).toBe(false);
  });
});

describe('storeCacheEntry', () => {
  it('replaces the entry with what fill wrote, leaving no work directory', async () => {
    const root = entries({ 'v-old': 0 });
    const dir = path.join(root, 'v-old');
    expect(await storeCacheEntry(dir, async (work) => { mkdirSync(work); writeFileSync(path.join(work, 'a'), 'new'); })).toBe(true);
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('new');
    expect(existsSync(path.join(dir, 'prefix'))).toBe(false);
    expect(readdirSync(root)).toEqual(['v-old']);
  });

  it('leaves nothing when fill declines or throws', async () => {
    const root = entries({});
    const dir = path.join(root, 'v-new');
    expect(await storeCacheEntry(dir, async (work) => { mkdirSync(work); return false; })).toBe(false);
    await expect(storeCacheEntry(dir, async (work) => { mkdirSync(work); throw new Error('make failed'); })).rejects.toThrow('make failed');
    expect(readdirSync(root)).toEqual([]);
  });

  it('fills an entry once when two callers ask for it at the same time; the second waits and reuses it', async () => {
    const root = entries({});
    const dir = path.join(root, 'v-shared');
    let fills = 0;
    const fill = async (work: string) => {
      fills++;
      mkdirSync(work);
      await new Promise((r) => setTimeout(r, 400));
      writeFileSync(path.join(work, 'a'), 'built');
    };
    const stored = () => existsSync(path.join(dir, 'a'));
    expect(await Promise.all([storeCacheEntry(dir, fill, stored), storeCacheEntry(dir, fill, stored)])).toEqual([true, true]);
    expect(fills).toBe(1);
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('built');
    expect(readdirSync(root)).toEqual(['v-shared']);
  });

  it('takes over the lock of a holder that died', async () => {
    const root = entries({});
    const dir = path.join(root, 'v-orphan');
    mkdirSync(`${dir}.tmp-lock`);
    writeFileSync(path.join(`${dir}.tmp-lock`, 'pid'), '2147483646'); // no such process
    expect(await storeCacheEntry(dir, async (work) => { mkdirSync(work); writeFileSync(path.join(work, 'a'), 'x'); })).toBe(true);
    expect(readdirSync(root)).toEqual(['v-orphan']);
  });
});

describe('intactCacheEntry', () => {
  it('an entry is used only while it holds exactly what was stored (seal inside, checked on use)', async () => {
    const root = entries({});
    const dir = path.join(root, '1.2.5-x86_64-patched-abcd');
    const fill = async (work: string) => {
      mkdirSync(path.join(work, 'prefix', 'lib'), { recursive: true });
      writeFileSync(path.join(work, 'prefix', 'lib', 'libc.a'), '!<arch>\n');
      writeFileSync(path.join(work, 'build.json'), '{}\n');
    };
    expect(intactCacheEntry(dir)).toBe(false);
    await storeCacheEntry(dir, fill);
    expect(readdirSync(dir).sort()).toEqual(['.musl-patch-seal.json', 'build.json', 'prefix']);
    expect(intactCacheEntry(dir)).toBe(true);
    const note = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      writeFileSync(path.join(dir, 'prefix', 'lib', 'libc.a'), '!<arch>\nevil\n');
      expect(intactCacheEntry(dir)).toBe(false);
      expect(String(note.mock.calls[0][0])).toBe(`musl-patch: note: ${dir} changed since it was made (1 file(s): prefix/lib/libc.a); making it again\n`);
      await storeCacheEntry(dir, fill);
      expect(intactCacheEntry(dir)).toBe(true);
      // An entry without a seal (an older musl-patch, or made by hand) is not trusted either.
      rmSync(path.join(dir, ENTRY_SEAL));
      expect(intactCacheEntry(dir)).toBe(false);
    } finally {
      note.mockRestore();
    }
  });
});
