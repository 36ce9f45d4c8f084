// The shape of one arch's entry in the arch table (table.ts). Everything musl-patch decides per
// arch is a field here; code reads the entry instead of switching on arch names.

import type { BackendNaming } from '../model/naming.js';

/** A trap instruction as an assembler statement: mnemonic plus, where it matters, its operands. */
export interface TrapRule {
  mnemonic: RegExp;
  /** Operand text (whitespace removed) that makes it a trap; any operand when absent. */
  operands?: RegExp;
}

export type AsmAction =
  /** The file keeps its path with new, trap-free content. */
  | { kind: 'rewrite'; content: (naming: BackendNaming) => string }
  /** The file is deleted; musl's generic C file of the same name is compiled instead. */
  | { kind: 'generic' }
  /** The file is deleted and a C file of the same name in the same arch directory replaces it. */
  | { kind: 'c'; path: string; content: string };

/** One assembly file of musl with a trap, and what the patched musl does instead. */
export interface AsmSite {
  arch: string;
  file: string;
  action: AsmAction;
  /**
   * What the replacement references besides constant sites visible in the pristine C sources:
   * macro-layer keys (`syscall_SYS_fork`), or `@dynamic` / `@clone` for the fixed names.
   */
  references: string[];
}

/** What the rewrite, the build and the proofs need of an arch musl-patch supports. */
export interface RewriteFacts {
  /** GNU triplet: `--target` of musl's configure and the cross tools' prefix (`<triplet>-gcc`). */
  triplet: string;
  /** How this arch's objects say what they are: ELF e_machine and class (x32 is EM_X86_64 with the 32-bit class). */
  elf: { machine: number; bits: 32 | 64 };
  /** Debian packages of the cross compiler and binutils (named in the hint when one is missing). */
  ccPackage: string;
  binutilsPackage: string;
  /** qemu-user binary that runs this arch's static programs on another host. */
  qemuUser: string;
  /** Node's `process.arch` on a host of this arch (the host compiler then builds natively). */
  nodeArch: string;
  /** Nix's system name (`meta.platforms` of the emitted derivation). */
  nixSystem: string;
  /** The assembly contract: every trap-holding .s file of the arch and its replacement (asm/<arch>.ts). */
  asm: AsmSite[];
}

/** What `musl-patch boot` needs to run this arch in ring 0 / EL1 under qemu-system. */
export interface BootFacts {
  qemu: string;
  qemuPackage: string;
  /** qemu-system's machine options. */
  machine: string[];
  /** How the ring-0 kernel reports back: x86's debugcon port, or Arm semihosting. */
  control: 'debugcon' | 'semihosting';
  /** Extra flags for the kernel's own sources (kernel-backend/ring0/<arch>/). */
  kernelFlags: string[];
  /** Flags for every C file of the image, the program's included (riscv64: a code model that reaches RAM at 0x80000000). */
  imageFlags: string[];
}

export interface ArchFacts {
  /** musl's name (`arch/<name>/`). */
  name: string;
  /**
   * What the compiler defines for this arch beyond the macros common to every target, as
   * `CC -std=c99 -ffreestanding -dM -E` prints them (reduced to what a musl condition can test).
   */
  macros: Record<string, string>;
  /** Whether `macros` is the full list; otherwise compiler-style `__x__` names nobody defines stay undecidable. */
  macrosComplete: boolean;
  /** Macros that name this arch alone, for reading a kernel's `#if`s (the first is the one generated headers test). */
  identity: string[];
  /** The C condition a generated file guards this arch's part with (`#if <guard>`). */
  guard: string;
  /** Trap instructions, matched as assembler statements (never as substrings). */
  traps: TrapRule[];
  /** The assembler's line comment (`#` is an immediate prefix on arm, aarch64, sh, m68k). */
  lineComment: RegExp;
  /** Names kernels give this arch's source directories besides musl's own (IncludeOS: `i686`, `x86`). */
  directoryNames: string[];
  /** Present for the arches musl-patch rewrites and proves. */
  rewrite?: RewriteFacts;
  /** Present for the arches `musl-patch boot` runs. */
  boot?: BootFacts;
}
