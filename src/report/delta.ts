// What changed between a baseline coverage and the current one, per arch (plain data).
import { compareText } from '../util/text.js';
import type { CoverageEntry, CoverageReport } from '../model/index.js';

/** A symbol's state in one report: its coverage status, or not needed on that arch. */
export type SymbolState = CoverageEntry['status'] | 'unneeded';

export interface SymbolChange {
  symbol: string;
  from: SymbolState;
  to: SymbolState;
  /** Arity mismatch appeared ('broken') or went away ('fixed'); null when unchanged. */
  arity: 'broken' | 'fixed' | null;
  /** ABI mismatch appeared or went away; null when unchanged. */
  abi: 'broken' | 'fixed' | null;
}

export interface ArchDelta {
  arch: string;
  /** Missing now, not missing before (includes symbols newly needed and not defined). */
  newlyMissing: SymbolChange[];
  /** Implemented now, stub or missing before. */
  newlyImplemented: SymbolChange[];
  /** Every other change of status, need or arity. */
  changed: SymbolChange[];
  /** Totals of the baseline for this arch; null when the baseline did not cover it. */
  before: CoverageReport['arches'][number]['totals'] | null;
}

export function coverageDelta(baseline: CoverageReport, current: CoverageReport): ArchDelta[] {
  return current.arches.map((arch) => {
    const old = baseline.arches.find((a) => a.arch === arch.arch);
    const oldEntries = new Map((old?.entries ?? []).map((e) => [e.symbol, e]));
    const newEntries = new Map(arch.entries.map((e) => [e.symbol, e]));
    const symbols = [...new Set([...oldEntries.keys(), ...newEntries.keys()])].sort(compareText);
    const delta: ArchDelta = { arch: arch.arch, newlyMissing: [], newlyImplemented: [], changed: [], before: old?.totals ?? null };
    if (!old) return delta;
    for (const symbol of symbols) {
      const before = oldEntries.get(symbol);
      const after = newEntries.get(symbol);
      const change: SymbolChange = {
        symbol,
        from: before?.status ?? 'unneeded',
        to: after?.status ?? 'unneeded',
        arity: arityChange(before?.arityMismatch ?? false, after?.arityMismatch ?? false),
        abi: arityChange((before?.abi ?? []).length > 0, (after?.abi ?? []).length > 0),
      };
      if (change.from === change.to && change.arity === null && change.abi === null) continue;
      if (change.to === 'missing' && change.from !== 'missing') delta.newlyMissing.push(change);
      else if (change.to === 'implemented' && (change.from === 'stub' || change.from === 'missing')) delta.newlyImplemented.push(change);
      else delta.changed.push(change);
    }
    return delta;
  });
}

function arityChange(before: boolean, after: boolean): SymbolChange['arity'] {
  if (before === after) return null;
  return after ? 'broken' : 'fixed';
}

export function hasChanges(delta: ArchDelta[]): boolean {
  return delta.some((d) => d.newlyMissing.length + d.newlyImplemented.length + d.changed.length > 0);
}
