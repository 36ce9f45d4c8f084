// One row per needed symbol across all arches of a report: the shape both the terminal and the
// Markdown reporters show. Derived data only; no formatting here.
import { compareText } from '../util/text.js';
import type { AbiFinding, BackendSymbol, CoverageEntry, CoverageReport } from '../model/index.js';

export interface MatrixCell {
  status: CoverageEntry['status'];
  arityMismatch: boolean;
  /** The arity to show as expected: the Linux call's where known (connect: 3), else the sites'. */
  neededArity: number | null;
  /** Parameters of the definition that counts on this arch; null when missing or unknown. */
  definedArity: number | null;
  /** The definition that counts on this arch (per-arch backend directories can differ). */
  definition: BackendSymbol | null;
  /** Its ABI disagreements with musl on this arch, and the types the check could not size. */
  abi: AbiFinding[];
  abiUnknown: string[];
  /** Other strong definitions on this arch. */
  duplicates: BackendSymbol[];
}

export interface MatrixRow {
  symbol: string;
  /** Per arch of the report, in report order; null where the arch does not need the symbol. */
  cells: (MatrixCell | null)[];
  definition: BackendSymbol | null;
  reachedFrom: string[];
  /** The first musl site that needs it (any arch). */
  site: CoverageEntry['sites'][number] | null;
}

export function symbolMatrix(report: CoverageReport): MatrixRow[] {
  const rows = new Map<string, MatrixRow>();
  report.arches.forEach((arch, index) => {
    for (const entry of arch.entries) {
      let row = rows.get(entry.symbol);
      if (!row) {
        row = { symbol: entry.symbol, cells: report.arches.map(() => null), definition: null, reachedFrom: [], site: null };
        rows.set(entry.symbol, row);
      }
      row.cells[index] = entryCell(entry);
      row.definition ??= entry.definition;
      row.site ??= entry.sites[0] ?? null;
      row.reachedFrom = [...new Set([...row.reachedFrom, ...entry.reachedFrom])].sort(compareText);
    }
  });
  return [...rows.values()].sort((a, b) => compareText(a.symbol, b.symbol));
}

/** One arch's entry as a cell. */
export function entryCell(entry: CoverageEntry): MatrixCell {
  return {
    status: entry.status,
    arityMismatch: entry.arityMismatch,
    neededArity: entry.naturalArity ?? entry.neededArity,
    definedArity: entry.definition?.params?.length ?? null,
    definition: entry.definition,
    abi: entry.abi ?? [],
    abiUnknown: entry.abiUnknown ?? [],
    duplicates: entry.duplicates ?? [],
  };
}

/** Rows that need attention: missing or stub on some arch, with an arity or ABI mismatch, or defined twice. */
export function isProblem(row: MatrixRow): boolean {
  return row.cells.some((c) => c !== null && (c.status !== 'implemented' || c.arityMismatch || c.abi.length > 0 || c.duplicates.length > 0));
}

/** One ABI finding with the arches it holds on (the same message on several arches is one line). */
export interface AbiLine {
  symbol: string;
  arches: string[];
  definition: BackendSymbol;
  message: string;
}

/** The ABI findings of a report (or of one row), one per symbol, definition and message, in symbol order. */
export function abiLines(report: CoverageReport, only?: MatrixRow): AbiLine[] {
  const lines = new Map<string, AbiLine>();
  for (const row of only ? [only] : symbolMatrix(report)) {
    row.cells.forEach((cell, i) => {
      if (!cell?.definition) return;
      for (const f of cell.abi) {
        const key = `${row.symbol}\0${cell.definition.file}:${cell.definition.line}\0${f.message}`;
        const line = lines.get(key) ?? { symbol: row.symbol, arches: [], definition: cell.definition, message: f.message };
        line.arches.push(report.arches[i].arch);
        lines.set(key, line);
      }
    });
  }
  return [...lines.values()];
}

/** Declared types the ABI check could not size, per symbol (with the arches). */
export function abiUnknownLines(report: CoverageReport): { symbol: string; types: string[]; arches: string[]; definition: BackendSymbol }[] {
  const out = new Map<string, { symbol: string; types: string[]; arches: string[]; definition: BackendSymbol }>();
  for (const row of symbolMatrix(report)) {
    row.cells.forEach((cell, i) => {
      if (!cell?.definition || cell.abiUnknown.length === 0) return;
      const key = `${row.symbol}\0${cell.abiUnknown.join(',')}`;
      const line = out.get(key) ?? { symbol: row.symbol, types: cell.abiUnknown, arches: [], definition: cell.definition };
      line.arches.push(report.arches[i].arch);
      out.set(key, line);
    });
  }
  return [...out.values()];
}

/** `a, b, c, +4 more`: keeps long lists of libc functions readable. */
export function shortList(names: string[], limit: number): string {
  if (names.length <= limit) return names.join(', ');
  return `${names.slice(0, limit).join(', ')}, +${names.length - limit} more`;
}

/** Where a row's definitions are, each with the arches it counts for, in report order. */
export function definitionPlaces(report: CoverageReport, row: MatrixRow): { place: string; arches: string[] }[] {
  const places = new Map<string, string[]>();
  row.cells.forEach((cell, i) => {
    if (!cell?.definition) return;
    const place = `${cell.definition.file}:${cell.definition.line}`;
    places.set(place, [...(places.get(place) ?? []), report.arches[i].arch]);
  });
  return [...places].map(([place, arches]) => ({ place, arches }));
}

/** `file:line`, or `a.cpp:3 (x86_64), b.cpp:9 (aarch64)` when the arches use different definitions. */
export function definedAt(report: CoverageReport, row: MatrixRow): string | null {
  const places = definitionPlaces(report, row);
  if (places.length === 0) return null;
  if (places.length === 1) return places[0].place;
  return places.map((p) => `${p.place} (${p.arches.join(', ')})`).join(', ');
}
