// The backend symbols a set of sites needs, with the arity the calls use: the input of coverage.

import type { SyscallSite } from '../model/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';

export interface NeededSymbol {
  /** Parameters the backend function receives (max over sites); null when no site knows it. */
  arity: number | null;
  sites: SyscallSite[];
}

/**
 * Every backend symbol the sites reach (plus what rewritten assembly calls), sorted by name. Conditional sites count (the symbol may
 * be needed). Dynamic sites pass the number first: `syscall_n(nr, a, b, c, d, e, f)` always has
 * seven parameters, whatever the call wrote.
 */
export interface NeededOptions {
  /** The naming the sites were scanned with (its run-time-number function always takes seven arguments). */
  naming?: BackendNaming;
  /**
   * Backend functions the rewritten assembly calls, per `.s` file (the rewrite's contract:
   * `asmSiteFunctions(arch)` in src/arch/asm.ts, e.g. restore.s → syscall_SYS_rt_sigreturn,
   * clone.s → syscall_clone). A file counts when the sites hold a trap in it, i.e. it is
   * compiled for the arch; its symbols then list those trap sites.
   */
  asmReferences?: Record<string, string[]>;
}

export function neededSymbols(sites: SyscallSite[], opts: NeededOptions = {}): Map<string, NeededSymbol> {
  const dynamic = (opts.naming ?? DEFAULT_NAMING).dynamic;
  const out = new Map<string, NeededSymbol>();
  for (const [file, symbols] of Object.entries(opts.asmReferences ?? {})) {
    const traps = sites.filter((s) => s.kind === 'trap' && s.file === file);
    if (traps.length === 0) continue;
    for (const symbol of symbols) {
      const entry = out.get(symbol);
      if (entry) entry.sites.push(...traps);
      else out.set(symbol, { arity: null, sites: [...traps] });
    }
  }
  for (const site of sites) {
    if (!site.backendSymbol) continue;
    const arity = site.kind === 'dynamic' || site.backendSymbol === dynamic ? 7 : site.argCount;
    const entry = out.get(site.backendSymbol);
    if (!entry) out.set(site.backendSymbol, { arity, sites: [site] });
    else {
      entry.sites.push(site);
      if (arity !== null && (entry.arity === null || arity > entry.arity)) entry.arity = arity;
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
