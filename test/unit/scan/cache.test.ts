import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openMuslTree } from '../../../src/source/index.js';
import { scan } from '../../../src/scan/index.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scan-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scan cache', () => {
  it('returns the same result from the cache, and rescans when a file changes', async () => {
    const dir = join(tmp, 'tree');
    cpSync(FIXTURE, dir, { recursive: true });
    const tree = await openMuslTree(dir);
    const cacheDir = join(tmp, 'cache');
    const first = await scan(tree, ['x86_64'], { cacheDir });
    const second = await scan(tree, ['x86_64'], { cacheDir });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(second.arches).toEqual(first.arches);
    utimesSync(join(dir, 'src/unistd/read.c'), new Date(), new Date(Date.now() + 5000));
    expect((await scan(tree, ['x86_64'], { cacheDir })).cached).toBe(false);
    // An edit that keeps the size and restores the mtime still moves the ctime: a miss.
    const file = join(dir, 'src/unistd/close.c');
    const before = statSync(file);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, readFileSync(file, 'utf8').replace('SYS_close', 'SYS_write'));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const edited = await scan(tree, ['x86_64'], { cacheDir });
    expect(edited.cached).toBe(false);
    expect(edited.arches).not.toEqual(first.arches);
    // Different options are a different scan.
    expect((await scan(tree, ['x86_64'], { cacheDir, naming: { ...DEFAULT_NAMING, syscallPrefix: 'sys_' } })).cached).toBe(false);
  });
});
