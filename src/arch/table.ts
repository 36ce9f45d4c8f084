// The arch table: every fact musl-patch knows per arch, one entry each. The three arches it rewrites
// and proves carry `rewrite` (toolchain, qemu-user, the assembly contract in asm/<arch>.ts) and,
// where the ring-0 test kernel exists, `boot`; the other musl arches are known well enough to read
// their tables and scan them (identifying macros, trap instructions, assembler comments).
//
// Compiler macros of x86_64, i386, aarch64 and riscv64 were taken from `CC -std=c99 -ffreestanding -dM -E`
// of Debian's gcc 12 (native, i686-linux-gnu, aarch64-linux-gnu, riscv64-linux-gnu), reduced to what a preprocessor
// condition in musl can test. Other arches list their identifying macros only.
//
// Adding an arch: one entry here (with `rewrite` when it is to be rewritten) and its assembly
// contract file asm/<arch>.ts. See ARCHITECTURE.md.

import { AARCH64_ASM } from './asm/aarch64.js';
import { I386_ASM } from './asm/i386.js';
import { RISCV64_ASM } from './asm/riscv64.js';
import { X86_64_ASM } from './asm/x86_64.js';
import type { ArchFacts, TrapRule } from './types.js';

const LE = { __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__', __FLOAT_WORD_ORDER__: '__ORDER_LITTLE_ENDIAN__' };
const HASH_COMMENT = /#.*$/;
const X86_64_TRAPS: TrapRule[] = [{ mnemonic: /^(syscall|sysenter|sysretq?|sysexitq?)$/ }, { mnemonic: /^int[bl]?$/, operands: /^\$(0x80|128)$/ }];

/** An arch musl-patch knows by its identifying macros only. */
function identified(name: string, fields: Partial<ArchFacts> & Pick<ArchFacts, 'macros' | 'traps'>): ArchFacts {
  return { name, macrosComplete: false, identity: [], guard: `defined(__${name}__)`, lineComment: HASH_COMMENT, directoryNames: [], ...fields };
}

/** In table order: the supported arches first (x86_64, i386, aarch64, riscv64 is the order of every report). */
export const ARCH_TABLE: readonly ArchFacts[] = [
  {
    name: 'x86_64',
    macros: {
      ...LE, __x86_64__: '1', __x86_64: '1', __amd64__: '1', __amd64: '1', __LP64__: '1', _LP64: '1',
      __SIZEOF_POINTER__: '8', __SIZEOF_LONG__: '8', __SIZEOF_INT128__: '16', __SSE__: '1', __SSE2__: '1',
      __SSE_MATH__: '1', __SSE2_MATH__: '1', __MMX__: '1', __FXSR__: '1', __SEG_FS: '1', __SEG_GS: '1',
      __FLT_EVAL_METHOD__: '0', __LDBL_MANT_DIG__: '64',
    },
    macrosComplete: true,
    identity: ['__x86_64__', '__x86_64', '__amd64__', '__amd64'],
    guard: 'defined(__x86_64__)',
    traps: X86_64_TRAPS,
    lineComment: HASH_COMMENT,
    directoryNames: ['x64', 'amd64', 'x86'],
    rewrite: {
      triplet: 'x86_64-linux-gnu',
      elf: { machine: 62, bits: 64 },
      ccPackage: 'gcc-x86-64-linux-gnu',
      binutilsPackage: 'binutils-x86-64-linux-gnu',
      qemuUser: 'qemu-x86_64-static',
      nodeArch: 'x64',
      nixSystem: 'x86_64-linux',
      asm: X86_64_ASM,
    },
    boot: {
      qemu: 'qemu-system-x86_64',
      qemuPackage: 'qemu-system-x86',
      machine: ['-machine', 'pc'],
      control: 'debugcon',
      // No red zone: exception frames are pushed onto the interrupted stack.
      kernelFlags: ['-mno-red-zone'],
      imageFlags: [],
    },
  },
  {
    name: 'i386',
    macros: {
      ...LE, __i386__: '1', __i386: '1', i386: '1', __i686__: '1', __i686: '1', __ILP32__: '1', _ILP32: '1',
      __SIZEOF_POINTER__: '4', __SIZEOF_LONG__: '4', __SEG_FS: '1', __SEG_GS: '1',
      __FLT_EVAL_METHOD__: '2', __LDBL_MANT_DIG__: '64',
    },
    macrosComplete: true,
    identity: ['__i386__', '__i386', 'i386'],
    guard: 'defined(__i386__)',
    traps: [
      { mnemonic: /^int[bl]?$/, operands: /^\$(0x80|128)$/ },
      // musl's i386 vsyscall: `call *%gs:16` (the kernel's __kernel_vsyscall pointer in the TCB).
      { mnemonic: /^calll?$/, operands: /^\*%gs:(16|0x10)$/ },
      { mnemonic: /^(sysenter|sysexit)$/ },
    ],
    lineComment: HASH_COMMENT,
    directoryNames: ['i686', 'x86'],
    rewrite: {
      triplet: 'i686-linux-gnu',
      elf: { machine: 3, bits: 32 },
      ccPackage: 'gcc-i686-linux-gnu',
      binutilsPackage: 'binutils-i686-linux-gnu',
      qemuUser: 'qemu-i386-static',
      nodeArch: 'ia32',
      nixSystem: 'i686-linux',
      asm: I386_ASM,
    },
  },
  {
    name: 'aarch64',
    macros: {
      ...LE, __aarch64__: '1', __AARCH64EL__: '1', __LP64__: '1', _LP64: '1', __ARM_64BIT_STATE: '1',
      __ARM_ARCH: '8', __ARM_ARCH_8A: '1', __ARM_ARCH_ISA_A64: '1', __ARM_ARCH_PROFILE: '65', __ARM_FP: '14',
      __ARM_NEON: '1', __ARM_FEATURE_FMA: '1', __ARM_FEATURE_CLZ: '1', __ARM_PCS_AAPCS64: '1',
      __CHAR_UNSIGNED__: '1', __SIZEOF_POINTER__: '8', __SIZEOF_LONG__: '8', __SIZEOF_INT128__: '16',
      __FLT_EVAL_METHOD__: '0', __LDBL_MANT_DIG__: '113',
    },
    macrosComplete: true,
    identity: ['__aarch64__'],
    guard: 'defined(__aarch64__)',
    traps: [{ mnemonic: /^svc$/ }],
    lineComment: /\/\/.*$/,
    directoryNames: ['arm64'],
    rewrite: {
      triplet: 'aarch64-linux-gnu',
      elf: { machine: 183, bits: 64 },
      ccPackage: 'gcc-aarch64-linux-gnu',
      binutilsPackage: 'binutils-aarch64-linux-gnu',
      qemuUser: 'qemu-aarch64-static',
      nodeArch: 'arm64',
      nixSystem: 'aarch64-linux',
      asm: AARCH64_ASM,
    },
    boot: {
      qemu: 'qemu-system-aarch64',
      qemuPackage: 'qemu-system-arm',
      machine: ['-machine', 'virt', '-cpu', 'cortex-a57'],
      control: 'semihosting',
      kernelFlags: [],
      imageFlags: [],
    },
  },
  {
    name: 'riscv64',
    macros: {
      ...LE, __riscv: '1', __riscv_xlen: '64', __riscv_flen: '64', __riscv_float_abi_double: '1',
      __riscv_atomic: '1', __riscv_compressed: '1', __riscv_mul: '1', __riscv_div: '1', __riscv_muldiv: '1',
      __riscv_fdiv: '1', __riscv_fsqrt: '1', __riscv_cmodel_medany: '1',
      __LP64__: '1', _LP64: '1', __CHAR_UNSIGNED__: '1', __SIZEOF_POINTER__: '8', __SIZEOF_LONG__: '8',
      __SIZEOF_INT128__: '16', __FLT_EVAL_METHOD__: '0', __LDBL_MANT_DIG__: '113',
    },
    macrosComplete: true,
    // `__riscv` names riscv32 too: a kernel's `#ifdef __riscv` stays undecided.
    identity: [],
    guard: '(defined(__riscv) && __riscv_xlen == 64)',
    traps: [{ mnemonic: /^ecall$/ }],
    lineComment: HASH_COMMENT,
    directoryNames: [],
    rewrite: {
      triplet: 'riscv64-linux-gnu',
      ccPackage: 'gcc-riscv64-linux-gnu',
      binutilsPackage: 'binutils-riscv64-linux-gnu',
      qemuUser: 'qemu-riscv64-static',
      nodeArch: 'riscv64',
      nixSystem: 'riscv64-linux',
      elf: { machine: 243, bits: 64 },
      asm: RISCV64_ASM,
    },
    boot: {
      qemu: 'qemu-system-riscv64',
      qemuPackage: 'qemu-system-misc',
      // No firmware: the kernel runs in M-mode, where an ecall is its own exception (not an SBI call).
      machine: ['-machine', 'virt', '-bios', 'none'],
      control: 'semihosting',
      kernelFlags: [],
      // -fno-pie code defaults to medlow, whose absolute addresses stop below 0x80000000.
      imageFlags: ['-mcmodel=medany'],
    },
  },
  identified('x32', { macros: { __x86_64__: '1', __x86_64: '1', __ILP32__: '1', _ILP32: '1', __SIZEOF_POINTER__: '4' }, traps: X86_64_TRAPS }),
  identified('arm', { macros: { __arm__: '1' }, identity: ['__arm__'], traps: [{ mnemonic: /^(swi|svc)(al)?$/ }], lineComment: /(@|\/\/).*$/ }),
  identified('m68k', { macros: { __m68k__: '1' }, identity: ['__m68k__'], traps: [{ mnemonic: /^trap$/, operands: /^#0$/ }], lineComment: /\|.*$/ }),
  identified('microblaze', { macros: { __microblaze__: '1' }, identity: ['__microblaze__'], traps: [{ mnemonic: /^brki$/, operands: /^r14,/ }] }),
  identified('mips', { macros: { __mips__: '1', __mips: '32' }, traps: [{ mnemonic: /^syscall$/ }] }),
  identified('mips64', { macros: { __mips__: '1', __mips64: '1', __LP64__: '1', _LP64: '1' }, traps: [{ mnemonic: /^syscall$/ }] }),
  identified('mipsn32', { macros: { __mips__: '1', __mips64: '1', _ABIN32: '2', _MIPS_SIM: '_ABIN32' }, traps: [{ mnemonic: /^syscall$/ }] }),
  identified('or1k', { macros: { __or1k__: '1' }, identity: ['__or1k__'], traps: [{ mnemonic: /^l\.sys$/ }] }),
  identified('powerpc', { macros: { __powerpc__: '1', __PPC__: '1' }, traps: [{ mnemonic: /^sc$/ }] }),
  identified('powerpc64', { macros: { __powerpc__: '1', __powerpc64__: '1', __PPC64__: '1', __LP64__: '1', _LP64: '1' }, identity: ['__powerpc64__'], traps: [{ mnemonic: /^sc$/ }] }),
  identified('riscv32', { macros: { __riscv: '1', __riscv_xlen: '32' }, traps: [{ mnemonic: /^ecall$/ }] }),
  identified('s390x', { macros: { __s390x__: '1', __s390__: '1', __LP64__: '1', _LP64: '1' }, identity: ['__s390x__'], traps: [{ mnemonic: /^svc$/ }] }),
  identified('sh', { macros: { __sh__: '1', __SH4__: '1' }, identity: ['__sh__'], traps: [{ mnemonic: /^trapa$/ }], lineComment: /!.*$/ }),
  identified('loongarch64', {
    macros: { __loongarch__: '1', __loongarch64: '1', __loongarch_lp64: '1', __LP64__: '1', _LP64: '1' },
    identity: ['__loongarch64'],
    traps: [{ mnemonic: /^syscall$/ }],
  }),
];
