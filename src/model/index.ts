// The types passed along the pipeline (source → musl → scan → rewrite → build → backend → report).
// Each stage produces plain data of these shapes; reporters only format them.

import type { z } from 'zod';
import type { AppCoverage } from './app.js';
import type { SITE_KINDS } from './kinds.js';
import type { siteArgumentSchema, siteResultSchema, siteSchema } from './site.js';

/** A verified, extracted musl source tree. */
export interface MuslTree {
  /** Absolute path of the tree's top directory (the one holding `Makefile`, `arch/`, `src/`). */
  root: string;
  /** musl version from the tree's `VERSION` file. */
  version: string;
  /** Digest of every file's path and content, when the tree is a sealed cache tree checked this run. */
  digest?: string;
}

/** One `__NR_*` entry of `arch/ARCH/bits/syscall.h.in`. */
export interface SyscallNumber {
  /** Name without prefix: `read`, `newfstatat`, `clock_gettime64`. */
  name: string;
  number: number;
}

/**
 * A `SYS_*` name that `src/internal/syscall.h` redefines for this arch, e.g. on x86_64
 * `fstatat → newfstatat`; on i386 `getuid → getuid32`, `clock_gettime → clock_gettime32`.
 */
export interface SyscallAlias {
  name: string;
  target: string;
  number: number;
}

/** The syscall table of one arch of one musl version: the kernel's numbers plus musl's aliases. */
export interface SyscallTable {
  version: string;
  arch: string;
  syscalls: SyscallNumber[];
  aliases: SyscallAlias[];
  /** Object-like macros that `arch/ARCH/syscall_arch.h` defines (`SYSCALL_USE_SOCKETCALL`, `IPC_64`, ...), name → body. */
  archMacros: Record<string, string>;
}

/** What musl's Makefile compiles for one arch when building a static libc. */
export interface ArchModel {
  arch: string;
  tree: MuslTree;
  /** libc.a sources, relative to the tree root, sorted: `src/*` / `src/malloc/mallocng` `.c`, with arch replacements. */
  sources: string[];
  /** crt sources (`crt/crt1.c`, `crt/ARCH/crti.s`, ...), relative, sorted. */
  crt: string[];
  /** `-I` directories in the order the Makefile passes them; relative, `obj/...` for generated headers. */
  includeDirs: string[];
  table: SyscallTable;
}

/** How a syscall site reaches the kernel. */
export type SiteKind = (typeof SITE_KINDS)[number];
/** One place in musl that issues a system call, as seen for one arch (fields documented in site.ts). */
export type SyscallSite = z.infer<typeof siteSchema>;
export type SiteResult = z.infer<typeof siteResultSchema>;
export type SiteArgument = z.infer<typeof siteArgumentSchema>;

/** A definition of a backend symbol found in a kernel's sources. */
export interface BackendSymbol {
  name: string;
  status: 'implemented' | 'stub';
  file: string;
  line: number;
  /** Parameter types as written; null when variadic or unknown. */
  params: string[] | null;
  /** Return type as written; null when unknown (assembly, or not read). */
  returns?: string | null;
  weak: boolean;
}

/** One disagreement between a definition's declared types and musl's call sites (src/backend/abi.ts). */
export interface AbiFinding {
  kind: 'return' | 'parameter';
  /** 1-based parameter position; null for the return value. */
  position: number | null;
  /** The definition's type as written. */
  declared: string;
  /** What musl reads or passes there. */
  expected: string;
  /** The musl site that shows it. */
  site: { file: string; line: number; function: string | null } | null;
  message: string;
}

/** Coverage of the needed backend symbols by one backend, for one arch. */
export interface CoverageEntry {
  symbol: string;
  status: 'implemented' | 'stub' | 'missing';
  /** Arity the call sites use (max over sites); null when unknown. */
  neededArity: number | null;
  /** Arity of the Linux call behind it when it differs in kind from the sites' (socket calls pass 6, connect takes 3); a definition may use either. */
  naturalArity: number | null;
  definition: BackendSymbol | null;
  /** The other strong definitions of the symbol on this arch (the link fails with "multiple definition"). */
  duplicates: BackendSymbol[];
  arityMismatch: boolean;
  /** Where the definition's declared types disagree with what musl passes and reads on this arch. */
  abi: AbiFinding[];
  /** Declared types of the definition the ABI check could not size. */
  abiUnknown: string[];
  /** Public libc functions that reach this symbol. */
  reachedFrom: string[];
  /** Where musl uses it (first few sites). */
  sites: Pick<SyscallSite, 'file' | 'line' | 'column' | 'function'>[];
}

export interface ArchCoverage {
  arch: string;
  entries: CoverageEntry[];
  /** Backend definitions this arch does not need. */
  unneeded: BackendSymbol[];
  totals: { needed: number; implemented: number; stub: number; missing: number; arity: number; abi: number };
}

export interface CoverageReport {
  version: string;
  backend: string[];
  arches: ArchCoverage[];
  /** Present when the report is about one program (`coverage --app`): its entries are what that program's link needs. */
  app?: AppCoverage;
}
