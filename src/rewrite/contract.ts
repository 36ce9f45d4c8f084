// The backend contract of one patched musl, per arch: every function the libc calls in the
// kernel's backend, with its arity and, for constant sites, the Linux number it stands for. It
// comes from the rewrite's per-arch probe (the same data as the series' arity headers), so the
// series and the files of kernel-backend/ are generated in one pass.

import { type SupportedArch } from '../arch/index.js';
import type { RewriteResult } from './types.js';
import { compareText } from '../util/text.js';
import { functionName, type BackendNaming } from '../model/naming.js';
import type { ProbedFunction } from './probe.js';
import { predictedFunctions, referencedFunctions } from './predict.js';

/** A backend function the libc calls with a constant system call (or socket call). */
export interface ConstantFunction {
  name: string;
  arity: number;
  /** The Linux system call number on this arch (after musl's SYS_* aliases, also file-local ones). */
  number: number;
}

export interface ArchContract {
  arch: SupportedArch;
  /** Sorted by name. */
  constant: ConstantFunction[];
  /** Referenced only by rewritten assembly or run-time-number sites (syscall_clone, syscall_n, sigreturn entries), sorted. */
  special: string[];
  /** Declared by the patched sources but not referenced by the compiled libc (dead code), sorted. */
  unreferenced: string[];
}

export interface VersionContract {
  version: string;
  arches: ArchContract[];
}

/** Probed functions under a naming, sorted by name; each must have resolved to a system call number. */
export function constantFunctions(functions: ProbedFunction[], naming: BackendNaming, arch: string): ConstantFunction[] {
  return functions
    .map((f) => {
      if (f.number === null) throw new Error(`${f.key}: no system call number on ${arch}`);
      return { name: functionName(f.key, naming), arity: f.arity, number: f.number };
    })
    .sort((a, b) => compareText(a.name, b.name));
}

export function contractOfRewrite(rewrite: Pick<RewriteResult, 'version' | 'arches' | 'probes' | 'unreferenced' | 'asmFunctions' | 'dynamicSites' | 'naming'>): VersionContract {
  const arches = rewrite.arches.map((arch): ArchContract => {
    const constant = constantFunctions(referencedFunctions(rewrite, arch), rewrite.naming, arch);
    const known = new Set(constant.map((f) => f.name));
    const unreferenced = (rewrite.unreferenced[arch] ?? []).map((key) => functionName(key, rewrite.naming)).sort(compareText);
    return { arch, constant, special: predictedFunctions(rewrite, arch).filter((n) => !known.has(n)), unreferenced };
  });
  return { version: rewrite.version, arches };
}
