// The (cross) compiler and binutils for one arch, found on PATH by the triplet of its table entry.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UserError } from '../util/errors.js';
import { archFacts, hostArch, SUPPORTED_ARCHES } from './facts.js';

const run = promisify(execFile);

export interface Toolchain {
  arch: string;
  /** Passed to musl's configure as CROSS_COMPILE; '' for the host compiler. */
  prefix: string;
  /** GNU triplet passed as --target. */
  target: string;
  cc: string;
  objdump: string;
  nm: string;
  objcopy: string;
  /** First line of `cc --version`: part of build cache keys. */
  version: string;
  /** How to run a static binary of this arch here: [] natively, else the qemu-user command. */
  runner: string[];
}

async function firstLine(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run(cmd, args);
    return stdout.split('\n')[0].trim();
  } catch {
    return null;
  }
}

const cache = new Map<string, Promise<Toolchain>>();

/** Find the toolchain for an arch; a missing compiler is a UserError naming the Debian package. */
export function findToolchain(arch: string): Promise<Toolchain> {
  let found = cache.get(arch);
  if (!found) {
    found = locate(arch);
    found.catch(() => cache.delete(arch));
    cache.set(arch, found);
  }
  return found;
}

async function locate(arch: string): Promise<Toolchain> {
  const tools = archFacts(arch)?.rewrite;
  if (!tools) throw new UserError(`no toolchain known for arch "${arch}"`, `use one of ${SUPPORTED_ARCHES.join(', ')}`);
  const native = hostArch() === arch;
  // The host gcc builds natively; a cross gcc of the same triplet works too.
  const prefixes = native ? ['', `${tools.triplet}-`] : [`${tools.triplet}-`];
  for (const prefix of prefixes) {
    const version = await firstLine(`${prefix}gcc`, ['--version']);
    if (!version) continue;
    for (const tool of ['objdump', 'nm', 'objcopy']) {
      if (!(await firstLine(`${prefix}${tool}`, ['--version']))) {
        throw new UserError(`${prefix}${tool} not found for ${arch}`, `install the Debian package ${native ? 'binutils' : tools.binutilsPackage}`);
      }
    }
    return {
      arch,
      prefix,
      target: tools.triplet,
      cc: `${prefix}gcc`,
      objdump: `${prefix}objdump`,
      nm: `${prefix}nm`,
      objcopy: `${prefix}objcopy`,
      version,
      runner: native ? [] : [tools.qemuUser],
    };
  }
  throw new UserError(
    `no C compiler for ${arch} (${prefixes.map((p) => `${p}gcc`).join(' or ')} not on PATH)`,
    `install the Debian package ${native ? 'gcc' : tools.ccPackage}`,
  );
}

/** The qemu-user runner exists (only checked when a cross binary must run). */
export async function checkRunner(tc: Toolchain): Promise<void> {
  if (tc.runner.length === 0) return;
  if (!(await firstLine(tc.runner[0], ['--version']))) {
    throw new UserError(`${tc.runner[0]} not found to run ${tc.arch} programs`, 'install the Debian package qemu-user-static');
  }
}
