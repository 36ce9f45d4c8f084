import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';
import type { BootArch } from './types.js';

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
  linkScript: string;
}

const COMMON_SOURCES = ['common/print.c', 'common/exit.c', 'common/start.c', 'common/memory.c', 'common/backend.c'];

/** The GNU triplet prefix for an arch, or '' when the host already is that arch. */
function prefix(arch: BootArch): string {
  const host = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  return host === arch ? '' : `${arch}-linux-gnu-`;
}

export function archTools(arch: BootArch): ArchTools {
  const p = prefix(arch);
  if (arch === 'x86_64') {
    return {
      cc: `${p}gcc`,
      nm: `${p}nm`,
      qemu: 'qemu-system-x86_64',
      packages: { cc: p ? 'gcc-x86-64-linux-gnu' : 'gcc', qemu: 'qemu-system-x86' },
      kernelSources: ['x86_64/boot.S', 'x86_64/arch.c', ...COMMON_SOURCES],
      // No red zone: exception frames are pushed onto the interrupted stack.
      kernelFlags: ['-mno-red-zone'],
      linkScript: 'x86_64/link.ld',
    };
  }
  return {
    cc: `${p}gcc`,
    nm: `${p}nm`,
    qemu: 'qemu-system-aarch64',
    packages: { cc: p ? 'gcc-aarch64-linux-gnu' : 'gcc', qemu: 'qemu-system-arm' },
    kernelSources: ['aarch64/boot.S', 'aarch64/arch.c', ...COMMON_SOURCES],
    kernelFlags: [],
    linkScript: 'aarch64/link.ld',
  };
}

/** Fail early, with the package to install, when a tool is not on PATH. */
export async function requireTool(cmd: string, pkg: string): Promise<void> {
  const found = await new Promise<boolean>((resolve) => {
    execFile(cmd, ['--version'], (err) => resolve(!err || (err as NodeJS.ErrnoException).code !== 'ENOENT'));
  });
  if (!found) throw new UserError(`${cmd} is not installed`, `install it, e.g. apt-get install ${pkg}`);
}
