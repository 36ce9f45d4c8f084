import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Toolchain } from '../../../src/arch/index.js';
import { cachedProbe, probeKey } from '../../../src/rewrite/probe-cache.js';
import type { ProbeResult } from '../../../src/rewrite/probe.js';

const root = mkdtempSync(path.join(tmpdir(), 'probe-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const tree = path.join(root, 'tree');
mkdirSync(path.join(tree, 'src'), { recursive: true });
writeFileSync(path.join(tree, 'src', 'a.c'), 'int a;\n');
const tc: Toolchain = { arch: 'x86_64', prefix: '', target: 'x86_64-linux-gnu', cc: 'gcc', objdump: 'objdump', nm: 'nm', objcopy: 'objcopy', version: 'gcc 12', runner: [] };

describe('cachedProbe', () => {
  it('probes once for the same tree and compiler, again when a file or the compiler changes', async () => {
    const calls: string[] = [];
    const probe = async (srcdir: string, t: Toolchain): Promise<ProbeResult> => {
      calls.push(t.version);
      return { arch: t.arch, sites: [], functions: [{ key: 'syscall_SYS_read', arity: 3, sites: calls.length, cancellable: true, number: 0, kernelName: 'SYS_read' }] };
    };
    const opts = { cacheRoot: path.join(root, 'cache'), probe };
    const first = await cachedProbe(tree, tc, 2, opts);
    expect(await cachedProbe(tree, tc, 2, opts)).toEqual(first);
    expect(calls).toEqual(['gcc 12']);
    await cachedProbe(tree, { ...tc, version: 'gcc 13' }, 2, opts);
    const key = probeKey(tree, tc);
    writeFileSync(path.join(tree, 'src', 'a.c'), 'int b;\n');
    expect(probeKey(tree, tc)).not.toBe(key);
    expect((await cachedProbe(tree, tc, 2, opts)).functions[0].sites).toBe(3);
    expect(calls).toEqual(['gcc 12', 'gcc 13', 'gcc 12']);
  });
});
