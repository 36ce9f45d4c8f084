// What the compiler and musl's Makefile define before the first line of a libc source, per arch.
// Values for x86_64, i386 and aarch64 were taken from `CC -std=c99 -ffreestanding -dM -E` of
// Debian's gcc 12 (native, i686-linux-gnu, aarch64-linux-gnu), reduced to what a preprocessor
// condition in musl can test. Other arches get their identifying macros only, and every other
// compiler macro counts as undecidable for them rather than as undefined.

/** Common to every target: C99, freestanding, ELF/Linux, and the Makefile's `-D_XOPEN_SOURCE=700`. */
const COMMON: Record<string, string> = {
  __STDC__: '1',
  __STDC_VERSION__: '199901L',
  __STDC_HOSTED__: '0',
  __STRICT_ANSI__: '1',
  __GNUC__: '12',
  __GNUC_MINOR__: '2',
  __GNUC_PATCHLEVEL__: '0',
  __GNUC_STDC_INLINE__: '1',
  __ELF__: '1',
  __linux__: '1',
  __linux: '1',
  __gnu_linux__: '1',
  __unix__: '1',
  __unix: '1',
  __CHAR_BIT__: '8',
  __ORDER_LITTLE_ENDIAN__: '1234',
  __ORDER_BIG_ENDIAN__: '4321',
  __ORDER_PDP_ENDIAN__: '3412',
  _XOPEN_SOURCE: '700',
};

const LE = { __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__', __FLOAT_WORD_ORDER__: '__ORDER_LITTLE_ENDIAN__' };

const ARCH: Record<string, Record<string, string>> = {
  x86_64: {
    ...LE, __x86_64__: '1', __x86_64: '1', __amd64__: '1', __amd64: '1', __LP64__: '1', _LP64: '1',
    __SIZEOF_POINTER__: '8', __SIZEOF_LONG__: '8', __SIZEOF_INT128__: '16', __SSE__: '1', __SSE2__: '1',
    __SSE_MATH__: '1', __SSE2_MATH__: '1', __MMX__: '1', __FXSR__: '1', __SEG_FS: '1', __SEG_GS: '1',
    __FLT_EVAL_METHOD__: '0', __LDBL_MANT_DIG__: '64',
  },
  i386: {
    ...LE, __i386__: '1', __i386: '1', i386: '1', __i686__: '1', __i686: '1', __ILP32__: '1', _ILP32: '1',
    __SIZEOF_POINTER__: '4', __SIZEOF_LONG__: '4', __SEG_FS: '1', __SEG_GS: '1',
    __FLT_EVAL_METHOD__: '2', __LDBL_MANT_DIG__: '64',
  },
  aarch64: {
    ...LE, __aarch64__: '1', __AARCH64EL__: '1', __LP64__: '1', _LP64: '1', __ARM_64BIT_STATE: '1',
    __ARM_ARCH: '8', __ARM_ARCH_8A: '1', __ARM_ARCH_ISA_A64: '1', __ARM_ARCH_PROFILE: '65', __ARM_FP: '14',
    __ARM_NEON: '1', __ARM_FEATURE_FMA: '1', __ARM_FEATURE_CLZ: '1', __ARM_PCS_AAPCS64: '1',
    __CHAR_UNSIGNED__: '1', __SIZEOF_POINTER__: '8', __SIZEOF_LONG__: '8', __SIZEOF_INT128__: '16',
    __FLT_EVAL_METHOD__: '0', __LDBL_MANT_DIG__: '113',
  },
  // Identifying macros only: the rest of these compilers' macros are treated as undecidable.
  x32: { __x86_64__: '1', __x86_64: '1', __ILP32__: '1', _ILP32: '1', __SIZEOF_POINTER__: '4' },
  arm: { __arm__: '1' },
  m68k: { __m68k__: '1' },
  microblaze: { __microblaze__: '1' },
  mips: { __mips__: '1', __mips: '32' },
  mips64: { __mips__: '1', __mips64: '1', __LP64__: '1', _LP64: '1' },
  mipsn32: { __mips__: '1', __mips64: '1', _ABIN32: '2', _MIPS_SIM: '_ABIN32' },
  or1k: { __or1k__: '1' },
  powerpc: { __powerpc__: '1', __PPC__: '1' },
  powerpc64: { __powerpc__: '1', __powerpc64__: '1', __PPC64__: '1', __LP64__: '1', _LP64: '1' },
  riscv32: { __riscv: '1', __riscv_xlen: '32' },
  riscv64: { __riscv: '1', __riscv_xlen: '64', __LP64__: '1', _LP64: '1' },
  s390x: { __s390x__: '1', __s390__: '1', __LP64__: '1', _LP64: '1' },
  sh: { __sh__: '1', __SH4__: '1' },
  loongarch64: { __loongarch__: '1', __loongarch64: '1', __loongarch_lp64: '1', __LP64__: '1', _LP64: '1' },
};

/**
 * Macros whose definedness depends on how musl is configured or optimised (PIC by default on
 * Debian's gcc, `-Os`, `BROKEN_EBX_ASM` from configure's test): conditions on them stay undecided.
 */
const CONFIG_DEPENDENT = new Set(['__PIC__', '__pic__', '__PIE__', '__pie__', '__OPTIMIZE__', '__OPTIMIZE_SIZE__', '__NO_INLINE__', 'BROKEN_EBX_ASM', 'SHARED']);

/** All arches whose compiler macros are fully listed above (the rest are identified only). */
const FULLY_KNOWN = new Set(['x86_64', 'i386', 'aarch64']);

export interface Predefined {
  macros: Record<string, string>;
  /**
   * Whether a name that nothing defined so far counts as undecidable rather than undefined:
   * configuration-dependent macros, and on arches listed by identity only, compiler-style `__x__`
   * names that no file of the tree defines (`definedInTree`).
   */
  uncertain(name: string, definedInTree: (name: string) => boolean): boolean;
}

export function predefinedMacros(arch: string, opts: { crt?: boolean } = {}): Predefined {
  const macros: Record<string, string> = { ...COMMON, ...(ARCH[arch] ?? {}) };
  // musl's Makefile: `$(CRT_OBJS): CFLAGS_ALL += -DCRT`.
  if (opts.crt) macros.CRT = '1';
  const full = FULLY_KNOWN.has(arch);
  return {
    macros,
    uncertain: (name, definedInTree) => CONFIG_DEPENDENT.has(name) || (!full && /^__\w+__$/.test(name) && !definedInTree(name)),
  };
}
