// GitHub Actions workflow commands: one annotation per symbol and status, pointing at the backend
// definition (stub, arity) or at the musl call site (missing). Failing findings (by --fail-on)
// are errors, the others warnings.
import { symbolMatrix } from './matrix.js';
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
    for (const status of ['missing', 'stub'] as const) {
      const arches = report.arches.filter((_, i) => row.cells[i]?.status === status).map((a) => a.arch);
      if (arches.length === 0) continue;
      const fails = entryFails({ status, arityMismatch: false }, policy);
      const needs = row.reachedFrom.length > 0 ? `; needed by ${row.reachedFrom.slice(0, 8).join(', ')}${row.reachedFrom.length > 8 ? ', …' : ''}` : '';
      const where = status === 'stub' && row.definition ? { file: row.definition.file, line: row.definition.line } : row.site ? { file: muslPrefix + row.site.file, line: row.site.line } : null;
      if (!where) continue;
      annotations.push({
        level: fails ? 'error' : 'warning',
        ...where,
        title: `${row.symbol} ${status}`,
        message: `${row.symbol} is ${status === 'missing' ? 'not defined by the backend' : 'a stub in the backend'} (${arches.join(', ')})${needs}`,
      });
    }
    const mismatched = report.arches.flatMap((a, i) => (row.cells[i]?.arityMismatch ? [`${a.arch}: ${row.cells[i]!.neededArity}`] : []));
    if (mismatched.length > 0 && row.definition) {
      annotations.push({
        level: entryFails({ status: 'implemented', arityMismatch: true }, policy) ? 'error' : 'warning',
        file: row.definition.file,
        line: row.definition.line,
        title: `${row.symbol} arity`,
        message: `${row.symbol} takes ${row.definition.params?.length} parameter(s); the call needs ${mismatched.join(', ')}`,
      });
    }
  }
  for (const w of warnings) {
    annotations.push({ level: 'warning', file: w.file, line: w.line ?? 1, title: 'backend reader', message: w.message });
  }
  return annotations.map(command).join('');
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

