// GitHub Actions workflow commands: one annotation per symbol and status, pointing at the backend
// definition (stub, arity) or at the musl call site (missing). Failing findings (by --fail-on)
// are errors, the others warnings.
import type { BackendSymbol, CoverageReport } from '../model.js';
import { symbolMatrix, type MatrixCell, type MatrixRow } from './matrix.js';
import { entryFails, type FailOn } from './policy.js';
import type { CoverageResult } from './schema.js';

interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line: number;
  title: string;
  message: string;
}

export function formatGithub(result: CoverageResult, policy: Set<FailOn>, options: { muslPrefix?: string } = {}): string {
  const { report, warnings } = result;
  const muslPrefix = options.muslPrefix ?? '';
  const annotations: Annotation[] = [];
  for (const row of symbolMatrix(report)) {
    const needs = row.reachedFrom.length > 0 ? `; needed by ${row.reachedFrom.slice(0, 8).join(', ')}${row.reachedFrom.length > 8 ? ', …' : ''}` : '';
    for (const status of ['missing', 'stub'] as const) {
      const fails = entryFails({ status, arityMismatch: false }, policy);
      // A stub is annotated at each definition (per-arch directories can have their own); a
      // missing symbol at the musl site that needs it.
      for (const group of cellGroups(report, row, (c) => c.status === status)) {
        const where = status === 'stub' && group.definition ? { file: group.definition.file, line: group.definition.line } : row.site ? { file: muslPrefix + row.site.file, line: row.site.line } : null;
        if (!where) continue;
        annotations.push({
          level: fails ? 'error' : 'warning',
          ...where,
          title: `${row.symbol} ${status}`,
          message: `${row.symbol} is ${status === 'missing' ? 'not defined by the backend' : 'a stub in the backend'} (${group.arches.join(', ')})${needs}`,
        });
      }
    }
    for (const group of cellGroups(report, row, (c) => c.arityMismatch)) {
      if (!group.definition) continue;
      const needed = group.cells.map((c, i) => `${group.arches[i]}: ${c.neededArity}`).join(', ');
      annotations.push({
        level: entryFails({ status: 'implemented', arityMismatch: true }, policy) ? 'error' : 'warning',
        file: group.definition.file,
        line: group.definition.line,
        title: `${row.symbol} arity`,
        message: `${row.symbol} takes ${group.definition.params?.length} parameter(s); the call needs ${needed}`,
      });
    }
  }
  for (const w of warnings) {
    annotations.push({ level: 'warning', file: w.file, line: w.line ?? 1, title: 'backend reader', message: w.message });
  }
  return annotations.map(command).join('');
}

interface CellGroup {
  definition: BackendSymbol | null;
  arches: string[];
  cells: MatrixCell[];
}

/** The arches whose cells match, grouped by the definition that counts there (one annotation each). */
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

function command(a: Annotation): string {
  return `::${a.level} file=${property(a.file)},line=${a.line},title=${property(a.title)}::${data(a.message)}\n`;
}

/** Escaping rules of GitHub workflow commands. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

