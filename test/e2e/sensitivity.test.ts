// The conformance comparison must be able to fail: the passthrough backend is altered to make
// one DESIGN.md §3 mistake (close() reporting EPERM instead of EBADF, as a double errno
// conversion does), and the programs that check close(12345) must then differ from plain musl.
import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPatchedMusl, buildPlainMusl, findToolchain } from '../../src/build/index.js';
import { runCommand } from '../../src/util/exec.js';
import { hostArch } from '../../src/arch/index.js';
import { muslTree } from '../integration/musl-trees.js';
import { buildAndRunAll, listPrograms, makeScratch, selfCheckProblems, type Arch } from './harness.js';

const VERSION = '1.2.5';
const ARCH = (['x86_64', 'aarch64', 'i386'].includes(hostArch()) ? hostArch() : 'x86_64') as Arch;

describe(`e2e comparison on a broken backend (musl ${VERSION} ${ARCH})`, () => {
  let scratch = '';
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('close(12345) answered with EPERM by the backend is caught as a mismatch', async () => {
    scratch = await makeScratch('broken');
    const tc = await findToolchain(ARCH);
    const tree = await muslTree(VERSION);
    const plain = await buildPlainMusl(tree, ARCH);
    const patched = await buildPatchedMusl(tree, ARCH);
    // The passthrough object with its close renamed away, plus a close that fails with EPERM.
    const renamed = path.join(scratch, 'passthrough-renamed.o');
    await runCommand(`${tc.prefix}objcopy`, ['--redefine-sym', 'syscall_SYS_close=e2e_unused_close', patched.passthrough, renamed]);
    const brokenSource = path.join(scratch, 'broken-close.c');
    await writeFile(brokenSource, 'long syscall_SYS_close(long fd) { (void)fd; return -1; /* -EPERM */ }\n');
    const broken = path.join(scratch, 'broken-close.o');
    await runCommand(tc.cc, ['-c', '-O1', brokenSource, '-o', broken]);

    const programs = listPrograms().filter((p) => ['errno_basic', 'files_io'].includes(p.name));
    expect(programs.length).toBe(2);
    const want = await buildAndRunAll(ARCH, { prefix: plain.prefix }, programs, path.join(scratch, 'bin-plain'), scratch);
    const got = await buildAndRunAll(
      ARCH,
      { prefix: patched.build.prefix, extraObjects: [renamed, broken] },
      programs,
      path.join(scratch, 'bin-broken'),
      scratch,
    );
    for (const [i, program] of programs.entries()) {
      expect(selfCheckProblems(want[i]), program.name).toEqual([]);
      expect(got[i].buildError, program.name).toBeUndefined();
      expect(got[i].stdout, program.name).not.toBe(want[i].stdout);
      expect(got[i].status, program.name).toBe('exit 1');
    }
    expect(got[0].stdout).toContain('FAIL close(12345) -> -1 errno=EPERM');
  });
});
