import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { findToolchain } from '../../../src/arch/index.js';
import { buildKey } from '../../../src/build/build.js';

describe('findToolchain', () => {
  it('names the supported arches for an unknown one', async () => {
    await expect(findToolchain('mips')).rejects.toThrow(UserError);
    await expect(findToolchain('mips')).rejects.toThrow(/no toolchain known for arch "mips"/);
  });
});

describe('buildKey', () => {
  const tc = { arch: 'x86_64', prefix: '', target: 'x86_64-linux-gnu', cc: 'gcc', objdump: 'objdump', nm: 'nm', objcopy: 'objcopy', version: 'gcc 12', runner: [] };
  const req = { tree: { root: '/a', version: '1.2.5' }, arch: 'x86_64', variant: 'patched' as const, sourceKey: 'k1' };
  it('depends on version, arch, variant, compiler and source digest, not on where the tree is', () => {
    const key = buildKey(req, tc);
    expect(key).toMatch(/^1\.2\.5-x86_64-patched-[0-9a-f]{16}$/);
    expect(buildKey({ ...req, tree: { root: '/elsewhere', version: '1.2.5' } }, tc)).toBe(key);
    expect(buildKey({ ...req, sourceKey: 'k2' }, tc)).not.toBe(key);
    expect(buildKey(req, { ...tc, version: 'gcc 13' })).not.toBe(key);
    expect(buildKey({ ...req, variant: 'plain' }, tc)).not.toBe(key);
  });
});
