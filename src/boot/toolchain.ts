import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import { bootFacts, hostArch, rewriteFacts, type BootArch } from '../arch/index.js';

/** kernel-backend/ring0/, found next to src/ or dist/ (both sit two levels below the package root). */
export const RING0_DIR = fileURLToPath(new URL('../../kernel-backend/ring0/', import.meta.url));

export interface ArchTools {
  /** C compiler for the guest arch (a cross compiler unless the host is that arch). */
  cc: string;
  nm: string;
  qemu: string;
  /** Debian packages that provide cc/nm and qemu, for the hint when one is missing. */
  packages: { cc: string; qemu: string };
  /** Kernel sources, relative to RING0_DIR, in link order. */
  kernelSources: string[];
  /** Flags for kernel sources only. */
  kernelFlags: string[];
  /** Flags for every C file of the image (program, kernel, stubs). */
  imageFlags: string[];
  linkScript: string;
}

const COMMON_SOURCES = ['common/print.c', 'common/exit.c', 'common/start.c', 'common/memory.c', 'common/backend.c'];

/** The compiler, nm, qemu-system and ring-0 kernel sources of a bootable arch (its table entry). */
export function archTools(arch: BootArch): ArchTools {
  const boot = bootFacts(arch);
  const { triplet, ccPackage } = rewriteFacts(arch);
  // The host's own compiler builds for the host's arch; any other arch needs the cross compiler.
  const p = hostArch() === arch ? '' : `${triplet}-`;
  return {
    cc: `${p}gcc`,
    nm: `${p}nm`,
    qemu: boot.qemu,
    packages: { cc: p ? ccPackage : 'gcc', qemu: boot.qemuPackage },
    kernelSources: [`${arch}/boot.S`, `${arch}/arch.c`, ...COMMON_SOURCES],
    kernelFlags: boot.kernelFlags,
    imageFlags: boot.imageFlags,
    linkScript: `${arch}/link.ld`,
  };
}

/** Fail early, with the package to install, when a tool is not on PATH. */
export async function requireTool(cmd: string, pkg: string): Promise<void> {
  const found = await new Promise<boolean>((resolve) => {
    execFile(cmd, ['--version'], (err) => resolve(!err || (err as NodeJS.ErrnoException).code !== 'ENOENT'));
  });
  if (!found) throw new UserError(`${cmd} is not installed`, `install it, e.g. apt-get install ${pkg}`);
}
