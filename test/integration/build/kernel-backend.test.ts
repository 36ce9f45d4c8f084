// The committed kernel-backend/ files as a kernel uses them: the prototypes header compiles with
// the passthrough backend of every version × arch (so its arities equal the table's), and a
// definition with the wrong number of parameters fails to compile in C (and in C++ that asks for the
// prototypes); a typed C++ backend (the IncludeOS-shaped fixture's) compiles with it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findToolchain } from '../../../src/build/index.js';
import { buildPassthrough, passthroughRenames } from '../../../src/build/passthrough.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';
import { constantFunctions, PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath, prototypesHeaderPath, renderPassthroughTable } from '../../../src/rewrite/index.js';
import { SUPPORTED_ARCHES } from '../../../src/arch/index.js';
import { SUPPORTED_VERSIONS } from '../../../src/source/manifest.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-kernel-backend-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const header = (version: string) => path.join(PACKAGE_KERNEL_BACKEND_ROOT, prototypesHeaderPath(version));

function compile(cc: string, args: string[]) {
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

describe.each(SUPPORTED_VERSIONS.flatMap((v) => SUPPORTED_ARCHES.map((a) => [v, a] as const)))('kernel-backend files of musl %s on %s', (version, arch) => {
  it('passthrough.c compiles with -Werror against the prototypes header', async () => {
    const tc = await findToolchain(arch);
    const table = path.join(PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath(version, arch));
    const r = compile(tc.cc, [
      '-c', '-O2', '-ffreestanding', '-fno-builtin', '-fno-stack-protector', '-nostdinc', '-Wall', '-Werror',
      '-include', header(version), `-DPASSTHROUGH_TABLE="${table}"`,
      path.join(PACKAGE_KERNEL_BACKEND_ROOT, 'passthrough', 'passthrough.c'), '-o', path.join(work, `${version}-${arch}.o`),
    ]);
    expect(r.stderr).toBe('');
    expect(r.ok).toBe(true);
  });
});

describe('the prototypes header in a kernel build (host compilers)', () => {
  const backend = (name: string, source: string) => {
    const file = path.join(work, name);
    writeFileSync(file, `#include "${header('1.2.5')}"\n${source}\n`);
    return file;
  };
  it('accepts definitions with the right arity, in C and C++', () => {
    expect(compile('gcc', ['-fsyntax-only', '-Werror', backend('ok.c', 'long syscall_SYS_read(long fd, long buf, long n) { return fd + buf + n; }')])).toEqual({ ok: true, stderr: '' });
    expect(compile('g++', ['-fsyntax-only', '-Werror', '-DMUSL_BACKEND_PROTOTYPES', backend('ok.cpp', 'extern "C" long syscall_SYS_read(long fd, long buf, long n) { return fd + buf + n; }')])).toEqual({ ok: true, stderr: '' });
  });
  it('rejects a definition with another parameter count', () => {
    const c = compile('gcc', ['-fsyntax-only', backend('bad.c', 'long syscall_SYS_read(long fd, long buf) { return fd + buf; }')]);
    expect(c.ok).toBe(false);
    expect(c.stderr).toMatch(/conflicting types for .syscall_SYS_read/);
    const cpp = compile('g++', ['-fsyntax-only', '-DMUSL_BACKEND_PROTOTYPES', backend('bad.cpp', 'extern "C" long syscall_SYS_read(long fd, long buf) { return fd + buf; }')]);
    expect(cpp.ok).toBe(false);
    expect(cpp.stderr).toMatch(/conflicting declaration of C function .long int syscall_SYS_read/);
  });
});

describe('the prototypes header in a typed C++ backend (fixtures/includeos-repo, g++)', () => {
  const repo = path.resolve(import.meta.dirname, '../../../fixtures/includeos-repo');
  // Its common and x86_64 files: the host g++ is an x86_64 compiler.
  const files = ['src/musl', 'src/kernel', 'src/arch/x86_64'].flatMap((dir) =>
    readdirSync(path.join(repo, dir)).filter((f) => f.endsWith('.cpp')).map((f) => path.join(repo, dir, f)),
  );
  const gxx = (...flags: string[]) => compile('g++', ['-fsyntax-only', '-std=c++17', '-include', header('1.2.5'), ...flags, ...files]);
  it('compiles every definition file with the header included', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith('write.cpp'))).toBe(true);
    expect(gxx()).toEqual({ ok: true, stderr: '' });
  });
  it('would conflict with the all-long prototypes, which is why C++ declares them only on request', () => {
    const r = gxx('-DMUSL_BACKEND_PROTOTYPES');
    expect(r.ok).toBe(false);
    expect(r.stderr).toMatch(/conflicting declaration of C function .long int syscall_SYS_write\(int, char\*, size_t\)/);
  });
});

describe('passthrough object under another backend naming', () => {
  it('defines every function under the naming, none under the defaults', async () => {
    const tc = await findToolchain('x86_64');
    const out = path.join(work, 'renamed', 'passthrough.o');
    const probed = (key: string, number: number, arity: number) => ({ key, number, arity, sites: 1, cancellable: false, kernelName: null });
    const naming = { syscallPrefix: 'kos_', socketcallPrefix: 'kos_socket_', dynamic: 'kos_dyn', clone: 'kos_clone' };
    const functions = [probed('syscall_SYS_write', 1, 3), probed('socketcall_connect', 42, 6), probed('syscall_SYS_rt_sigaction', 13, 4)];
    await buildPassthrough(tc, renderPassthroughTable('1.2.5', 'x86_64', constantFunctions(functions, DEFAULT_NAMING, 'x86_64')), out, passthroughRenames(functions, naming));
    const defined = spawnSync(tc.nm, ['--defined-only', out], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter((l) => / T /.test(l))
      .map((l) => l.split(' ')[2])
      .sort();
    expect(defined).toEqual(['kos_clone', 'kos_dyn', 'kos_rt_sigaction', 'kos_rt_sigreturn', 'kos_socket_connect', 'kos_write', 'pt_syscall6']);
  });
});
