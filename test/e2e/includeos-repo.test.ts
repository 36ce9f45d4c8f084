// The drop-in, as a kernel maintainer does it: in a copy of the IncludeOS-shaped fixture repository,
// from its root and with no flags beyond the verb, `musl-patch init`, `apply`, `build --prefix out`,
// `coverage` and `nix --out deps/musl/default.nix`. Each must reflect the kernel's configuration
// (oldmalloc, debug, CFLAGS, its own endian.patch), its per-arch backend directories and the ABI
// findings; the installed prefix must build a program that runs; the derivation must be one nix accepts.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI } from '../integration/musl-trees.js';
import { INCLUDEOS_REPO } from '../integration/includeos-profile.js';
import { findToolchain } from '../../src/build/index.js';
import { runnerForInstall, runProgram } from './harness.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-dropin-'));
const repo = path.join(work, 'kernel');
// The shipped 1.2.5 series (grows when an arch is added): what apply must report and nix must copy.
const shippedSeries = readFileSync(new URL('../../musl-patches/1.2.5/series', import.meta.url), 'utf8');
const shippedCount = shippedSeries.trim().split('\n').length;
cpSync(INCLUDEOS_REPO, repo, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

function verb(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the IncludeOS-shaped repository, from its root', () => {
  test('init reads deps/musl/default.nix and the layout into musl-patch.json, saying what it left out', () => {
    const r = verb('init');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote musl-patch.json from deps/musl/default.nix:');
    expect(r.stdout).toContain("patch deps/musl/patches/musl.patch left out: its changes to src/unistd/setxid.c are what musl-patch's series does");
    const profile = JSON.parse(readFileSync(path.join(repo, 'musl-patch.json'), 'utf8'));
    expect(profile.musl).toEqual({ version: '1.2.5', debug: true, malloc: 'oldmalloc', cflags: ['-Wno-error=int-conversion', '-nostdinc'], patches: ['deps/musl/patches/endian.patch'] });
    expect(profile.arches).toEqual(['x86_64', 'aarch64']);
    // A second init does not overwrite what the maintainer may have edited.
    expect(verb('init').code).toBe(2);
  });

  test('apply writes the patched tree with the kernel patch and prints coverage of its backend per arch', () => {
    const r = verb('apply');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`from shipped series musl-patches/1.2.5 (${shippedCount} patches) + 1 extra patch(es)`);
    expect(r.stdout).toContain('kernel profile');
    expect(r.stdout).toContain('configure oldmalloc, debug, CFLAGS=-Wno-error=int-conversion -nostdinc');
    expect(r.stdout).toMatch(/^arch\s+needed\s+implemented\s+stub\s+missing\s+arity\s+abi\s+unneeded$/m);
    expect(r.stdout).toMatch(/^x86_64\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+5\s+\d+$/m);
    expect(r.stdout).toMatch(/^aarch64\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+5\s+\d+$/m);
    expect(r.stdout).not.toMatch(/^i386/m);
    const endian = readFileSync(path.join(repo, 'musl-1.2.5-patched', 'include', 'endian.h'), 'utf8');
    expect(endian).toContain('return (uint16_t)(__x<<8 | __x>>8);');
    expect(existsSync(path.join(repo, 'musl-1.2.5-patched', 'src', 'malloc', 'oldmalloc', 'malloc.c'))).toBe(true);
  });

  test('build --prefix out installs the verified oldmalloc libc per arch, and a program built with its musl-gcc runs', async () => {
    const r = verb('build', '--prefix', 'out');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('musl 1.2.5, oldmalloc, debug, CFLAGS=-Wno-error=int-conversion -nostdinc, 1 kernel patch(es)');
    expect(r.stdout.match(/^(x86_64|aarch64): ok$/gm)).toEqual(['x86_64: ok', 'aarch64: ok']);
    expect(r.stdout).toContain('(predicted by the scan of this profile)');
    const manifest = JSON.parse(readFileSync(path.join(repo, 'out', 'musl-patch-prefix.json'), 'utf8'));
    expect(manifest.configure).toBe('oldmalloc, debug, CFLAGS=-Wno-error=int-conversion -nostdinc');
    expect(Object.keys(manifest.arches)).toEqual(['x86_64', 'aarch64']);
    const program = path.join(work, 'hello.c');
    writeFileSync(program, '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char *p = malloc(1 << 20); printf("hello %s\\n", p ? "heap" : "none"); return 0; }\n');
    for (const arch of ['x86_64', 'aarch64'] as const) {
      const prefix = path.join(repo, 'out', arch);
      for (const f of ['include/stdio.h', 'lib/libc.a', 'lib/crt1.o', 'lib/musl-gcc.specs', 'bin/musl-gcc', 'backend-functions.txt']) expect(existsSync(path.join(prefix, f)), f).toBe(true);
      const contract = readFileSync(path.join(prefix, 'backend-functions.txt'), 'utf8').trim().split('\n');
      expect(contract).toContain('syscall_SYS_brk');
      // The passthrough stands in for the kernel's backend: every function of the contract is there.
      const passthrough = /passthrough backend: (\S+);/.exec(r.stdout.slice(r.stdout.indexOf(`${arch}: patched`)))![1];
      const binary = path.join(work, `hello-${arch}`);
      execFileSync(path.join(prefix, 'bin', 'musl-gcc'), ['-static', '-O1', program, passthrough, '-o', binary]);
      await findToolchain(arch);
      const run = await runProgram(await runnerForInstall(arch, { prefix }, work), binary, work);
      expect({ arch, status: run.status, stdout: run.stdout }).toEqual({ arch, status: 'exit 0', stdout: 'hello heap\n' });
    }
  });

  test("coverage --app of a program links it against the profile's libc: its needs equal an independent relocatable link of the installed oldmalloc libc", async () => {
    const prefix = path.join(repo, 'out', 'x86_64');
    const source = path.join(work, 'heap.c');
    writeFileSync(source, '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char *p = malloc(1 << 20); p = realloc(p, 1 << 22); free(p); puts("done"); return 0; }\n');
    const object = path.join(work, 'heap-x86_64.o');
    execFileSync(path.join(prefix, 'bin', 'musl-gcc'), ['-c', '-O1', source, '-o', object]);
    // Independently of the code under test: `ld -r` of what a static link takes, then nm -u.
    const tc = await findToolchain('x86_64');
    const lib = (f: string) => path.join(prefix, 'lib', f);
    const libgcc = execFileSync(tc.cc, ['-print-libgcc-file-name'], { encoding: 'utf8' }).trim();
    const relocatable = path.join(work, 'heap-x86_64.r.o');
    execFileSync(tc.cc, ['-nostdlib', '-r', '-o', relocatable, lib('crt1.o'), lib('crti.o'), object, lib('libc.a'), libgcc, lib('crtn.o')]);
    const expected = execFileSync(tc.nm, ['-u', '--format=posix', relocatable], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]).filter((s) => /^(syscall_|socketcall_)/.test(s)).sort();
    expect(expected).toContain('syscall_SYS_madvise'); // oldmalloc's free and realloc; with mallocng this program needs mprotect instead

    const r = verb('coverage', '--app', object, '--arch', 'x86_64', '--format', 'json', '--fail-on', 'none');
    expect(r.code, r.stderr).toBe(0);
    const arch = JSON.parse(r.stdout).app.arches[0];
    expect(arch.libc).toBe(`musl 1.2.5 patched (shipped series), oldmalloc, debug, CFLAGS=-Wno-error=int-conversion -nostdinc, 1 kernel patch(es)`);
    expect(arch.needs.map((n: { symbol: string }) => n.symbol).sort()).toEqual(expected);
  });

  test('coverage reads the per-arch directories and reports the ABI findings (and fails on missing symbols)', () => {
    const r = verb('coverage');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/backend coverage check failed \(x86_64: \d+ missing; aarch64: \d+ missing\)/);
    expect(r.stdout).toMatch(/^syscall_clone\s+ok\s+stub\s+src\/arch\/x86_64\/clone\.cpp:5 \(x86_64\), src\/arch\/aarch64\/clone\.cpp:9 \(aarch64\)/m);
    expect(r.stdout).toMatch(/^syscall_SYS_openat\s+MISSING\s+ok\s+src\/arch\/aarch64\/arch_musl\.cpp:16/m);
    expect(r.stdout).toContain('ABI: 7 mismatch(es), definitions declared otherwise than musl calls them');
    expect(r.stdout).toContain('syscall_SYS_read (x86_64, aarch64) src/musl/read.cpp:10: returns int; musl reads a long (8 bytes)');
    expect(r.stdout).toContain('ABI unknown: syscall_SYS_fadvise (x86_64, aarch64) src/musl/fadvise.cpp:7: cannot size __kernel_loff_t, __kernel_size_t');
    expect(r.stdout).not.toContain('i386');
  });

  test('nix --out deps/musl/default.nix replaces the derivation with one carrying the profile and the series beside it', () => {
    const r = verb('nix', '--out', 'deps/musl/default.nix');
    expect(r.code, r.stderr).toBe(0);
    const drv = readFileSync(path.join(repo, 'deps', 'musl', 'default.nix'), 'utf8');
    expect(drv).toContain('# Generated by `musl-patch nix 1.2.5`');
    expect(drv).toContain('--with-malloc=oldmalloc \\');
    expect(drv).toContain('--enable-debug \\');
    expect(drv).toContain('CFLAGS = "-Wno-error=int-conversion -nostdinc";');
    expect(drv).toContain('    ./musl-patches/1.2.5/0001-');
    expect(drv).toContain('    ./patches/endian.patch\n');
    expect(drv).not.toContain('musl.patch');
    expect(drv).toContain('passthru.linuxHeaders = linuxHeaders;');
    expect(readFileSync(path.join(repo, 'deps', 'musl', 'musl-patches', '1.2.5', 'series'), 'utf8')).toBe(shippedSeries);
    // Real nix (installed by .ci/install-deps) parses what was written.
    execFileSync('nix-instantiate', ['--parse', path.join(repo, 'deps', 'musl', 'default.nix')], { stdio: 'pipe' });
  });
});
