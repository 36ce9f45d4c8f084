// Coverage of the needed backend symbols by what a backend defines: per arch, every needed symbol
// is implemented, stub or missing; arity is checked against the call sites; definitions no call
// site needs are listed; missing and stub symbols name the public libc functions that reach them.
import type { ArchCoverage, BackendSymbol, CoverageEntry, CoverageReport, SyscallSite } from '../model/index.js';
import { compareText } from '../util/text.js';
import { DEFAULT_NAMING } from '../model/naming.js';
import type { NeededSymbol } from '../scan/index.js';
import { checkAbi } from './abi.js';
import type { TypeSizer } from './type-sizes.js';

type NeededSymbols = Map<string, NeededSymbol>;

/** How many call sites an entry keeps (the report is for people, the JSON stays small). */
export const SITES_PER_ENTRY = 5;

export interface CoverageInput {
  version: string;
  /** Backend paths as the user gave them. */
  backend: string[];
  /** Needed symbols per arch, in the order the arches should be reported. */
  needed: Map<string, NeededSymbols>;
  /** Definitions; `arches` (from the reader) limits one to the arches its `#if`s compile it for. */
  symbols: ArchBoundSymbol[];
  /** Symbol → arity of the Linux call behind it, where a definition may take that instead of the sites' (socket calls). */
  naturalArity?: Map<string, number>;
  /** Per arch, the sizes of C types there: with them every definition gets the ABI check. */
  typeSizers?: Map<string, TypeSizer>;
  /** The run-time-number function (`syscall_n`): its first parameter is the number. */
  dynamicSymbol?: string;
}

export type ArchBoundSymbol = BackendSymbol & { arches?: string[] | null };

export function computeCoverage(input: CoverageInput): CoverageReport {
  const arches = [...input.needed].map(([arch, needed]) =>
    archCoverage(arch, needed, groupByName(input.symbols.filter((s) => !s.arches || s.arches.includes(arch))), input.naturalArity ?? new Map(), {
      sizer: input.typeSizers?.get(arch) ?? null,
      dynamic: input.dynamicSymbol ?? DEFAULT_NAMING.dynamic,
    }),
  );
  return { version: input.version, backend: [...input.backend], arches };
}

function archCoverage(
  arch: string,
  needed: NeededSymbols,
  definitions: Map<string, BackendSymbol[]>,
  natural: Map<string, number>,
  abi: { sizer: TypeSizer | null; dynamic: string },
): ArchCoverage {
  const entries: CoverageEntry[] = [...needed.keys()].sort(compareText).map((symbol) => {
    const { arity, sites } = needed.get(symbol)!;
    const arities = { sites: arity, natural: natural.get(symbol) ?? null };
    const candidates = definitions.get(symbol) ?? [];
    const definition = chooseDefinition(candidates, arities);
    const verdict = definition && abi.sizer ? checkAbi(definition, sites, abi.sizer, { numberFirst: symbol === abi.dynamic }) : { findings: [], unknown: [] };
    return {
      symbol,
      status: definition?.status ?? 'missing',
      neededArity: arities.sites,
      naturalArity: arities.natural,
      definition,
      duplicates: definition && !definition.weak ? otherStrong(candidates, definition) : [],
      arityMismatch: definition !== null && arityMismatch(definition, arities),
      abi: verdict.findings,
      abiUnknown: verdict.unknown,
      reachedFrom: publicFunctions(sites),
      sites: firstSites(sites),
    };
  });
  const unneeded = [...definitions.entries()]
    .filter(([name]) => !needed.has(name))
    .flatMap(([, defs]) => defs)
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.file, b.file) || a.line - b.line);
  const count = (status: CoverageEntry['status']) => entries.filter((e) => e.status === status).length;
  return {
    arch,
    entries,
    unneeded,
    totals: {
      needed: entries.length,
      implemented: count('implemented'),
      stub: count('stub'),
      missing: count('missing'),
      arity: entries.filter((e) => e.arityMismatch).length,
      abi: entries.filter((e) => e.abi.length > 0).length,
    },
  };
}

function groupByName(symbols: BackendSymbol[]): Map<string, BackendSymbol[]> {
  const byName = new Map<string, BackendSymbol[]>();
  for (const s of symbols) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return byName;
}

/**
 * Several definitions of one name happen with per-arch `#if` branches and weak fallbacks. The one
 * that counts: a strong one over a weak one (the linker's choice), then one whose arity fits, then
 * an implementation over a stub, then the first in file order.
 */
function chooseDefinition(candidates: BackendSymbol[], arity: Arities): BackendSymbol | null {
  const score = (s: BackendSymbol) => (s.weak ? 0 : 4) + (arityMismatch(s, arity) ? 0 : 2) + (s.status === 'implemented' ? 1 : 0);
  let best: BackendSymbol | null = null;
  for (const candidate of candidates) if (!best || score(candidate) > score(best)) best = candidate;
  return best;
}

/**
 * Strong definitions besides the chosen one, at other places: two strong definitions of one name
 * on one arch do not link (per-arch `#if` branches were already told apart by the reader).
 */
function otherStrong(candidates: BackendSymbol[], chosen: BackendSymbol): BackendSymbol[] {
  const at = (s: BackendSymbol) => `${s.file}:${s.line}`;
  const seen = new Set([at(chosen)]);
  return candidates.filter((s) => !s.weak && !seen.has(at(s)) && seen.add(at(s)));
}

interface Arities {
  /** What the call sites pass; null when unknown. */
  sites: number | null;
  natural: number | null;
}

function arityMismatch(definition: BackendSymbol, arity: Arities): boolean {
  const n = definition.params?.length;
  return n !== undefined && arity.sites !== null && n !== arity.sites && n !== arity.natural;
}

/**
 * The public functions of the objects whose code calls the symbol. Sites in objects without public
 * symbols (`__stdio_read`, static `do_setxid`) add none; their functions stay visible in `sites`.
 */
function publicFunctions(sites: SyscallSite[]): string[] {
  return [...new Set(sites.flatMap((s) => s.objectSymbols))].sort(compareText);
}

function firstSites(sites: SyscallSite[]): CoverageEntry['sites'] {
  return [...sites]
    .sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column)
    .slice(0, SITES_PER_ENTRY)
    .map(({ file, line, column, function: fn }) => ({ file, line, column, function: fn }));
}
