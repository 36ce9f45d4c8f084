// The backend symbols a set of syscall sites needs, with the arity the call sites use.
// Same shape as the scanner's `neededSymbols`, so either can feed `computeCoverage`.
import type { SyscallSite } from '../model.js';

export interface NeededSymbol {
  /** Parameters the backend definition must take; null when no site tells. */
  arity: number | null;
  sites: SyscallSite[];
}

export type NeededSymbols = Map<string, NeededSymbol>;

/** `syscall_n(nr, a, b, c, d, e, f)`: the number plus six arguments, whatever the site passes. */
export const DYNAMIC_SYMBOL_ARITY = 7;

export function neededFromSites(sites: SyscallSite[]): NeededSymbols {
  const needed: NeededSymbols = new Map();
  for (const site of sites) {
    if (!site.backendSymbol) continue;
    const entry = needed.get(site.backendSymbol) ?? { arity: null, sites: [] };
    const arity = site.kind === 'dynamic' ? DYNAMIC_SYMBOL_ARITY : site.argCount;
    if (arity !== null) entry.arity = Math.max(entry.arity ?? 0, arity);
    entry.sites.push(site);
    needed.set(site.backendSymbol, entry);
  }
  return needed;
}
