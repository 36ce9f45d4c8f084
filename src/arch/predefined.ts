// What the compiler and musl's Makefile define before the first line of a libc source, for one arch:
// the macros every target shares, then the arch's own (its table entry). On arches listed by their
// identifying macros only, every other compiler macro counts as undecidable rather than undefined.

import { archFacts } from './facts.js';

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

/**
 * Macros whose definedness depends on how musl is configured or optimised (PIC by default on
 * Debian's gcc, `-Os`, `BROKEN_EBX_ASM` from configure's test): conditions on them stay undecided.
 */
const CONFIG_DEPENDENT = new Set(['__PIC__', '__pic__', '__PIE__', '__pie__', '__OPTIMIZE__', '__OPTIMIZE_SIZE__', '__NO_INLINE__', 'BROKEN_EBX_ASM', 'SHARED']);

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
  const facts = archFacts(arch);
  const macros: Record<string, string> = { ...COMMON, ...(facts?.macros ?? {}) };
  // musl's Makefile: `$(CRT_OBJS): CFLAGS_ALL += -DCRT`.
  if (opts.crt) macros.CRT = '1';
  const full = facts?.macrosComplete ?? false;
  return {
    macros,
    uncertain: (name, definedInTree) => CONFIG_DEPENDENT.has(name) || (!full && /^__\w+__$/.test(name) && !definedInTree(name)),
  };
}

/** `long` and pointer sizes from the arch's macros (`__SIZEOF_LONG__`, else `__LP64__`). */
export function dataModel(arch: string): { long: number; pointer: number } {
  const macros = predefinedMacros(arch).macros;
  const long = Number(macros.__SIZEOF_LONG__ ?? (macros.__LP64__ ? 8 : 4));
  return { long, pointer: Number(macros.__SIZEOF_POINTER__ ?? long) };
}
