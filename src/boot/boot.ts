/**
 * `musl-patch boot`: run a C program on a (patched) musl in kernel mode (x86_64 ring 0, aarch64 EL1, riscv64 M-mode)
 * under qemu-system with TCG, where every leftover trap instruction is fatal and reported.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { buildImage, checkLibcDir } from './image.js';
import { runImage } from './qemu.js';
import { archTools, requireTool, RING0_DIR } from './toolchain.js';
import { BOOT_ARCHES, type BootArch, type BootOptions, type BootResult } from './types.js';

export const DEFAULT_PROGRAM = path.join(RING0_DIR, 'programs', 'hello.c');

export function parseBootArch(arch: string): BootArch {
  if ((BOOT_ARCHES as readonly string[]).includes(arch)) return arch as BootArch;
  throw new UserError(`cannot boot arch '${arch}'`, `use --arch ${BOOT_ARCHES.join(' or --arch ')}`);
}

export async function boot(opts: BootOptions): Promise<BootResult> {
  const arch = parseBootArch(opts.arch);
  const program = path.resolve(opts.program ?? DEFAULT_PROGRAM);
  if (!existsSync(program)) throw new UserError(`program ${program} does not exist`, 'pass --program FILE.c');
  const libcDir = path.resolve(opts.libcDir);
  checkLibcDir(libcDir);
  const timeoutS = opts.timeoutS ?? 30;
  if (!(timeoutS > 0)) throw new UserError(`timeout ${timeoutS} is not a positive number of seconds`, 'pass --timeout S, e.g. --timeout 30');
  const memoryMiB = opts.memoryMiB ?? 512;
  if (!Number.isInteger(memoryMiB) || memoryMiB < 64 || memoryMiB > 3072) {
    throw new UserError(`memory ${memoryMiB} MiB is out of range`, 'use 64 to 3072 MiB (the kernel identity-maps 4 GiB)');
  }
  const t = archTools(arch);
  await requireTool(t.cc, t.packages.cc);
  await requireTool(t.qemu, t.packages.qemu);

  const workDir = opts.workDir ? path.resolve(opts.workDir) : await mkdtemp(path.join(os.tmpdir(), 'musl-patch-boot-'));
  await mkdir(workDir, { recursive: true });
  try {
    const image = await buildImage({ version: opts.version, arch, libcDir, program, workDir, memoryMiB });
    const argv0 = path.basename(program).replace(/\.c$/, '');
    const r = await runImage({ arch, image: image.path, argv: [argv0, ...(opts.args ?? [])], memoryMiB, timeoutS, workDir, onOutput: opts.onOutput });
    return { ...r, stubbed: image.stubbed, image: image.path };
  } finally {
    if (!opts.workDir && !opts.keep) await rm(workDir, { recursive: true, force: true });
  }
}
