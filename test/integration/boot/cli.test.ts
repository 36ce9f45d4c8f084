// `musl-patch boot` as a user runs it: status and one clear line on stderr.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI } from '../musl-trees.js';
import { PROGRAMS, patchedMusl, plainMusl, runOnLinux } from './helpers.js';

const cli = (args: string[]) => spawnSync(process.execPath, [CLI, 'boot', ...args], { encoding: 'utf8', timeout: 300_000 });

describe('musl-patch boot', () => {
  let plain: string;
  beforeAll(async () => {
    plain = await plainMusl('1.2.5', 'x86_64');
  });

  test('plain musl: exit status 125 and a stderr line naming the trap instruction', () => {
    const r = cli(['1.2.5', '--arch', 'x86_64', '--libc', plain, '--program', path.join(PROGRAMS, 'stdio.c')]);
    expect(r.status).toBe(125);
    expect(r.stdout).toMatch(/^\nring0: fault: vector 6 \(#UD invalid opcode\).*instruction: syscall\n$/);
    expect(r.stderr).toBe('musl-patch: boot: x86_64 program faulted executing `syscall` (vector 6): a trap instruction is left in the libc or program\n');
  });

  test('an arch it cannot boot is a one-line usage error', () => {
    const r = cli(['1.2.5', '--arch', 'i386', '--libc', plain]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("musl-patch: cannot boot arch 'i386' (use --arch x86_64 or --arch aarch64 or --arch riscv64)\n");
  });

  test('a directory that is not a musl install prefix is a one-line usage error', () => {
    const r = cli(['1.2.5', '--arch', 'x86_64', '--libc', PROGRAMS]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is not a musl install prefix: lib/libc.a is missing');
  });

  test('the patched libc: program args follow the version; output and status are the program\'s', async () => {
    const program = path.join(PROGRAMS, 'exit.c');
    const expected = await runOnLinux(plain, 'x86_64', program, ['exit', '7']);
    const r = cli(['1.2.5', '--arch', 'x86_64', '--libc', await patchedMusl('1.2.5', 'x86_64'), '--program', program, 'exit', '7']);
    expect(r.stdout).toBe(expected.output);
    expect(r.status).toBe(expected.status);
    expect(r.stderr).toBe('');
  });
});
