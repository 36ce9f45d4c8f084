// What a coverage report finds, as one list of kinds: SARIF rules, GitHub annotations, the PR comment
// and `--fail-on` all derive from FINDING_KINDS and `coverageFindings`. Plain data, no formatting.
import type { BackendSymbol, CoverageReport } from '../model/index.js';
import { abiLines, symbolMatrix, type MatrixCell, type MatrixRow } from './matrix.js';

export const FINDING_KINDS = {
  missing: {
    name: 'BackendSymbolMissing',
    title: 'missing',
    summary: 'The patched musl calls a backend function the kernel does not define.',
    help: 'Any program that reaches it fails to link. Implement it in the backend, or generate an -ENOSYS stub with `musl-patch stubs`.',
    level: 'error',
  },
  stub: {
    name: 'BackendSymbolStub',
    title: 'stub',
    summary: 'The backend defines the function as a stub (it returns -ENOSYS or calls a stub marker).',
    help: 'The libc functions that reach it fail at run time. Implement it when a program needs them.',
    level: 'warning',
  },
  arity: {
    name: 'BackendArityMismatch',
    title: 'arity',
    summary: 'The definition takes a different number of parameters than musl passes.',
    help: 'Arguments arrive in the wrong registers or not at all. Declare the parameters musl passes (kernel-backend/include/<version>/musl_backend.h has the prototypes).',
    level: 'error',
  },
  abi: {
    name: 'BackendAbiMismatch',
    title: 'ABI',
    summary: 'The definition declares a return or parameter type narrower than what musl reads or passes on that arch.',
    help: 'musl calls every backend function as `long f(long, ...)`: an `int` result musl reads as a `long` arrives zero-extended on 64-bit arches (-EBADF becomes 4294967287), a narrower parameter cuts the value, a 64-bit parameter on a 32-bit arch takes two argument slots. Declare `long` (the prototypes: kernel-backend/include/<version>/musl_backend.h).',
    level: 'error',
  },
  undefined: {
    name: 'ProgramSymbolUndefined',
    title: 'undefined in the program',
    summary: 'A program checked with `coverage --app` refers to a symbol that neither its own files, libc nor libgcc define, and that is not a backend function.',
    help: "The program's own link fails on it, whatever the backend has: link the object or library that defines it. It is the program's gap, not the backend's.",
    level: 'error',
  },
  duplicate: {
    name: 'BackendDuplicateDefinition',
    title: 'duplicate',
    summary: 'The backend defines the function more than once for the same arch (strong definitions).',
    help: 'The kernel does not link ("multiple definition"), or, from a static library, which one runs depends on link order. Keep one definition, mark a fallback __attribute__((weak)), or put per-arch variants under #if on the arch macros.',
    level: 'error',
  },
} as const;

export type FindingKind = keyof typeof FINDING_KINDS;
export const KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

export interface Finding {
  kind: FindingKind;
  symbol: string;
  /** The arches it holds on (a symbol once, not once per arch). */
  arches: string[];
  /** The definition it is about; null for a missing symbol. */
  definition: BackendSymbol | null;
  /** One sentence, without the arches. */
  message: string;
  /** Public libc functions that reach the symbol. */
  reachedFrom: string[];
}

/** Every finding of a report: per symbol and kind, one per definition that counts (per-arch directories can differ). */
export function coverageFindings(report: CoverageReport): Finding[] {
  const findings: Finding[] = [];
  for (const row of symbolMatrix(report)) {
    const add = (kind: FindingKind, match: (c: MatrixCell) => boolean, message: (group: CellGroup) => string) => {
      for (const group of cellGroups(report, row, match)) {
        findings.push({ kind, symbol: row.symbol, arches: group.arches, definition: group.definition, message: message(group), reachedFrom: row.reachedFrom });
      }
    };
    add('missing', (c) => c.status === 'missing', () => `${row.symbol} is not defined by the backend`);
    add('stub', (c) => c.status === 'stub', () => `${row.symbol} is a stub in the backend`);
    add('arity', (c) => c.arityMismatch, (g) => {
      const needed = [...new Set(g.cells.map((c) => c.neededArity))].join(' or ');
      return `${row.symbol} takes ${g.definition?.params?.length ?? '?'} parameter(s); musl passes ${needed}`;
    });
    add('duplicate', (c) => c.duplicates.length > 0, (g) => {
      const others = [...new Set(g.cells.flatMap((c) => c.duplicates.map((d) => `${d.file}:${d.line}`)))];
      return `${row.symbol} is defined ${others.length + 1} times (also at ${others.join(', ')})`;
    });
    // One finding per definition and reason: the same reason on several arches is one finding.
    for (const a of abiLines(report, row)) {
      findings.push({ kind: 'abi', symbol: row.symbol, arches: a.arches, definition: a.definition, message: `${row.symbol} ${a.message}`, reachedFrom: row.reachedFrom });
    }
  }
  return [...findings, ...programUndefined(report)];
}

/** A program's own undefined symbols (`coverage --app`), each once with its arches and the places that refer to it. */
function programUndefined(report: CoverageReport): Finding[] {
  const bySymbol = new Map<string, { arches: string[]; places: Set<string> }>();
  for (const app of report.app?.arches ?? []) {
    for (const u of app.undefined) {
      const f = bySymbol.get(u.symbol) ?? { arches: [], places: new Set<string>() };
      f.arches.push(app.arch);
      for (const r of u.references) f.places.add(r.function ? `${r.file}: ${r.function}` : r.file);
      bySymbol.set(u.symbol, f);
    }
  }
  return [...bySymbol]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([symbol, f]) => ({
      kind: 'undefined' as const,
      symbol,
      arches: f.arches,
      definition: null,
      message: `${symbol} is referred to by the program and defined nowhere in its link (not a backend function)`,
      reachedFrom: [...f.places].sort(),
    }));
}

interface CellGroup {
  definition: BackendSymbol | null;
  arches: string[];
  cells: MatrixCell[];
}

/** The arches whose cells match, grouped by the definition that counts there. */
function cellGroups(report: CoverageReport, row: MatrixRow, match: (cell: MatrixCell) => boolean): CellGroup[] {
  const groups = new Map<string, CellGroup>();
  row.cells.forEach((cell, i) => {
    if (!cell || !match(cell)) return;
    const key = cell.definition ? `${cell.definition.file}:${cell.definition.line}` : '';
    const group = groups.get(key) ?? { definition: cell.definition, arches: [], cells: [] };
    group.arches.push(report.arches[i].arch);
    group.cells.push(cell);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** `kind symbol arch` keys: a finding is new on an arch when the baseline has no such key. */
function keys(findings: Finding[]): Set<string> {
  return new Set(findings.flatMap((f) => f.arches.map((arch) => `${f.kind}\0${f.symbol}\0${arch}`)));
}

/** A finding with the arches it is new on against a baseline (empty: it was there before). */
export interface ComparedFinding extends Finding {
  newArches: string[];
}

/**
 * Marks what a change introduced. A symbol missing before and still missing is not new; one that
 * was implemented and is now a stub is a new stub; with no baseline nothing is new.
 */
export function compareFindings(current: Finding[], baseline: Finding[] | null): ComparedFinding[] {
  const before = baseline ? keys(baseline) : null;
  return current.map((f) => ({ ...f, newArches: before ? f.arches.filter((arch) => !before.has(`${f.kind}\0${f.symbol}\0${arch}`)) : [] }));
}

/** Findings that are no more: fixed by the change (what was there before and is not now). */
export function resolvedFindings(current: Finding[], baseline: Finding[]): Finding[] {
  const now = keys(current);
  return baseline
    .map((f) => ({ ...f, arches: f.arches.filter((arch) => !now.has(`${f.kind}\0${f.symbol}\0${arch}`)) }))
    .filter((f) => f.arches.length > 0);
}

/** A path the report gives relative to the kernel's checkout; an absolute or `..` path is outside it (a machine's). */
export function inRepository(file: string): boolean {
  return !file.startsWith('/') && !file.startsWith('..') && !/^[A-Za-z]:[\\/]/.test(file);
}
