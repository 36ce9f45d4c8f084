// Looking facts up in the arch table: by name, the supported and bootable subsets, and the
// reverse maps other modules need (a compiler macro or a directory name → arches).

import { UserError } from '../util/errors.js';
import { ARCH_TABLE } from './table.js';
import type { ArchFacts, BootFacts, RewriteFacts } from './types.js';

const BY_NAME = new Map(ARCH_TABLE.map((a) => [a.name, a]));

/** An arch musl-patch rewrites and proves (its entry has `rewrite`). */
export type SupportedArch = string;
/** An arch `musl-patch boot` runs (its entry has `boot`). */
export type BootArch = string;

/** Every arch of the table (musl's arch directories musl-patch knows), by name. */
export const MUSL_ARCHES: readonly string[] = ARCH_TABLE.map((a) => a.name).sort();
export const SUPPORTED_ARCHES: readonly SupportedArch[] = ARCH_TABLE.filter((a) => a.rewrite).map((a) => a.name);
export const BOOT_ARCHES: readonly BootArch[] = ARCH_TABLE.filter((a) => a.boot).map((a) => a.name);

export function archFacts(arch: string): ArchFacts | undefined {
  return BY_NAME.get(arch);
}

/** The rewrite's facts of a supported arch; anything else is a one-line error naming the supported ones. */
export function rewriteFacts(arch: string): RewriteFacts {
  const facts = BY_NAME.get(arch)?.rewrite;
  if (!facts) throw new UserError(`musl-patch does not rewrite arch "${arch}"`, `use one of ${SUPPORTED_ARCHES.join(', ')}`);
  return facts;
}

export function bootFacts(arch: string): BootFacts {
  const facts = BY_NAME.get(arch)?.boot;
  if (!facts) throw new UserError(`cannot boot arch '${arch}'`, `use --arch ${BOOT_ARCHES.join(' or --arch ')}`);
  return facts;
}

/** The host as musl names it (Node's `process.arch` through the table; unknown hosts keep Node's name). */
export function hostArch(): string {
  return ARCH_TABLE.find((a) => a.rewrite?.nodeArch === process.arch)?.name ?? process.arch;
}

/** The supported arch of an ELF file's e_machine and class; null for one musl-patch does not rewrite. */
export function archOfElf(machine: number, bits: 32 | 64): SupportedArch | null {
  return ARCH_TABLE.find((a) => a.rewrite?.elf.machine === machine && a.rewrite.elf.bits === bits)?.name ?? null;
}

const BY_IDENTITY = new Map(ARCH_TABLE.flatMap((a) => a.identity.map((m) => [m, a.name] as const)));

/** The arch a compiler macro names alone (`__x86_64__` → x86_64), undefined for any other macro. */
export function archOfIdentityMacro(macro: string): string | undefined {
  return BY_IDENTITY.get(macro);
}

/** The arches a kernel's directory name stands for (`i686` → i386, `x86` → i386 and x86_64), null when it names none. */
export function archesOfDirectoryName(name: string): string[] | null {
  const arches = ARCH_TABLE.filter((a) => a.name === name || a.directoryNames.includes(name)).map((a) => a.name);
  return arches.length > 0 ? arches.sort() : null;
}
