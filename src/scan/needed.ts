// The backend symbols a set of sites needs, with the arity the calls use: the input of coverage.

import type { SyscallSite } from '../model.js';
import { DEFAULT_NAMING } from './classify.js';

export interface NeededSymbol {
  /** Parameters the backend function receives (max over sites); null when no site knows it. */
  arity: number | null;
  sites: SyscallSite[];
}

/**
 * Every backend symbol the sites reach, sorted by name. Conditional sites count (the symbol may
 * be needed). Dynamic sites pass the number first: `syscall_n(nr, a, b, c, d, e, f)` always has
 * seven parameters, whatever the call wrote.
 */
export function neededSymbols(sites: SyscallSite[], naming: { dynamicSymbol?: string } = {}): Map<string, NeededSymbol> {
  const dynamic = naming.dynamicSymbol ?? DEFAULT_NAMING.dynamicSymbol;
  const out = new Map<string, NeededSymbol>();
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
