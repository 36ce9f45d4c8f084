import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_ARCHES } from '../../../src/arch/index.js';
import { muslArches } from '../../../src/musl/tree.js';
import { readSyscallTable, resolveSyscall } from '../../../src/musl/table.js';
import { CLI, muslTree } from '../musl-trees.js';

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('musl-patch table on real musl', () => {
  it.each(['1.2.3', '1.2.5', '1.2.6'])('committed syscall-table/%s is current (--check)', (v) => {
    const r = cli(['table', v, '--check']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`syscall-table/${v}: ${SUPPORTED_ARCHES.length} table\\(s\\) current`));
  });

  it('prints one arch as JSON, as the README shows', () => {
    const r = cli(['table', '1.2.5', '--arch', 'aarch64', '--json']);
    expect(r.status).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.arch).toBe('aarch64');
    expect(t.version).toBe('1.2.5');
  });

  // Numbers from the Linux syscall ABI (arch/x86/entry/syscalls, asm-generic/unistd.h, i386 syscall_32.tbl).
  it('matches the Linux ABI and musl aliases per arch', async () => {
    const tree = await muslTree('1.2.5');
    const x86 = await readSyscallTable(tree, 'x86_64');
    const i386 = await readSyscallTable(tree, 'i386');
    const a64 = await readSyscallTable(tree, 'aarch64');
    expect(resolveSyscall(x86, 'open')).toEqual({ name: 'open', number: 2 });
    expect(resolveSyscall(x86, 'fstatat')).toEqual({ name: 'newfstatat', number: 262 });
    expect(resolveSyscall(x86, 'write')).toEqual({ name: 'write', number: 1 });
    expect(resolveSyscall(a64, 'open')).toBeNull();
    expect(resolveSyscall(a64, 'openat')).toEqual({ name: 'openat', number: 56 });
    expect(resolveSyscall(a64, 'fstatat')).toEqual({ name: 'newfstatat', number: 79 });
    expect(resolveSyscall(i386, 'socketcall')).toEqual({ name: 'socketcall', number: 102 });
    expect(resolveSyscall(i386, 'getuid')).toEqual({ name: 'getuid32', number: 199 });
    expect(resolveSyscall(i386, 'clock_gettime')).toEqual({ name: 'clock_gettime32', number: 265 });
    expect(resolveSyscall(i386, 'clock_gettime64')).toEqual({ name: 'clock_gettime64', number: 403 });
    expect(resolveSyscall(i386, 'fstatat')).toEqual({ name: 'fstatat64', number: 300 });
    expect(i386.archMacros.IPC_64).toBeUndefined();
    expect(x86.archMacros.IPC_64).toBe('0');
  });

  it('reads every arch directory musl has', async () => {
    const tree = await muslTree('1.2.6');
    const arches = muslArches(tree);
    expect(arches.length).toBeGreaterThanOrEqual(18);
    for (const arch of arches) {
      const t = await readSyscallTable(tree, arch);
      expect(t.syscalls.length, arch).toBeGreaterThan(250);
      expect(resolveSyscall(t, 'write'), arch).not.toBeNull();
    }
  });

  it('rejects an arch musl does not have in one line', () => {
    const r = cli(['table', '1.2.5', '--arch', 'sparc64']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/^musl-patch: musl 1\.2\.5 has no arch 'sparc64' \(use one of: aarch64, arm, i386/);
  });
});
