/**
 * Real musl builds for the boot tests (the build stage's cache): plain musl (the reference: its
 * output on Linux is the expected output) and the patched, trap-free musl (what runs in ring 0).
 * Expected outputs come from running the same program statically linked with plain musl on
 * Linux (natively, or under qemu-user for the other arches).
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BootArch, type SupportedArch } from '../../../src/arch/index.js';
import { buildPatchedMusl, buildPlainMusl } from '../../../src/build/index.js';
import { muslTree } from '../musl-trees.js';

const exec = promisify(execFile);
export const CACHE = path.join(os.tmpdir(), 'musl-patch-boot-tests');
export const PROGRAMS = new URL('./programs/', import.meta.url).pathname;

/**
 * The trap each bootable arch's Linux syscall ABI uses, as the ring-0 kernel must report it: the
 * exception's vector (x86 vector, aarch64 ESR.EC, riscv64 mcause), the instruction's name, and the
 * fault line's tail with the instruction's bytes.
 */
export const TRAP: Record<BootArch, { vector: number; instruction: string; faultLine: RegExp }> = {
  x86_64: { vector: 6, instruction: 'syscall', faultLine: /#UD.*bytes at rip: 0f 05 .*instruction: syscall$/ },
  aarch64: { vector: 0x15, instruction: 'svc #0x0', faultLine: /esr=0x56000000 .*d4000001; instruction: svc #0x0$/ },
  riscv64: { vector: 11, instruction: 'ecall', faultLine: /mcause 11 \(ecall from M-mode\) .*instruction at pc: 00000073; instruction: ecall$/ },
};

const hostArch = process.arch === 'x64' ? 'x86_64' : 'aarch64';
const cross = (arch: string) => (arch === hostArch ? '' : `${arch}-linux-gnu-`);
export const cc = (arch: string) => `${cross(arch)}gcc`;

/** Plain (unpatched) musl, installed: the reference libc and the negative control. */
export async function plainMusl(version: string, arch: SupportedArch): Promise<string> {
  return (await buildPlainMusl(await muslTree(version), arch)).prefix;
}

/** The patched, trap-free musl, rewritten and built by the tool's own build stage. */
export async function patchedMusl(version: string, arch: SupportedArch): Promise<string> {
  return (await buildPatchedMusl(await muslTree(version), arch)).build.prefix;
}

export interface NativeRun {
  output: string;
  status: number;
}

/**
 * Build `program` statically against plain musl and run it on Linux with an empty environment,
 * stdin from /dev/null and stdout+stderr into one pipe (the ring-0 console is one stream too).
 */
export async function runOnLinux(libc: string, arch: string, program: string, args: string[] = []): Promise<NativeRun> {
  // Per process: two test files may run the same program at once.
  const dir = path.join(CACHE, 'native', String(process.pid), arch);
  await mkdir(dir, { recursive: true });
  const name = path.basename(program, '.c');
  const exe = path.join(dir, name);
  const gccInclude = (await exec(cc(arch), ['-print-file-name=include'])).stdout.trim();
  const libgcc = (await exec(cc(arch), ['-print-libgcc-file-name'])).stdout.trim();
  const lib = (f: string) => path.join(libc, 'lib', f);
  await exec(cc(arch), ['-O2', '-fno-pie', '-nostdinc', '-isystem', path.join(libc, 'include'), '-isystem', gccInclude, '-c', program, '-o', `${exe}.o`]);
  await exec(cc(arch), ['-nostdlib', '-static', '-no-pie', '-o', exe, lib('crt1.o'), lib('crti.o'), `${exe}.o`, lib('libc.a'), libgcc, lib('crtn.o')]);
  // stdout and stderr share one open file, in write order, as on the ring-0 console.
  const outFile = `${exe}.out`;
  const fd = openSync(outFile, 'w');
  const [cmd, argv] = arch === hostArch ? [exe, args] : [`qemu-${arch}-static`, ['-0', name, exe, ...args]];
  try {
    const status = await new Promise<number>((resolve, reject) => {
      // argv[0] as the kernel passes it: the program's name without `.c`.
      const child = spawn(cmd, argv, { argv0: arch === hostArch ? name : undefined, env: {}, stdio: ['ignore', fd, fd] });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
    });
    // qemu-user reports a fatal signal on the same stderr; that line is qemu's, not the program's.
    const output = (await readFile(outFile, 'utf8')).replace(/^qemu: uncaught target signal .*\n/m, '');
    return { output, status };
  } finally {
    closeSync(fd);
  }
}
