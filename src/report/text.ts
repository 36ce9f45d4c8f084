// Terminal report: totals per arch, then one line per symbol that needs attention.
import type { CoverageEntry } from '../model/index.js';
import { abiLines, abiUnknownLines, definedAt, isProblem, shortList, symbolMatrix, type MatrixCell } from './matrix.js';
import type { CoverageResult } from './schema.js';

const LABEL: Record<CoverageEntry['status'], string> = { implemented: 'ok', stub: 'stub', missing: 'MISSING' };

export function formatText(result: CoverageResult, options: { all?: boolean } = {}): string {
  const { report, warnings } = result;
  const lines = formatTotals(report);

  const rows = symbolMatrix(report).filter((r) => options.all || isProblem(r));
  if (rows.length > 0) {
    lines.push('');
    const body = [['symbol', ...report.arches.map((a) => a.arch), 'defined at', 'reached from']];
    for (const row of rows) {
      body.push([
        row.symbol,
        ...row.cells.map(cellText),
        definedAt(report, row) ?? '-',
        shortList(row.reachedFrom, 4),
      ]);
    }
    lines.push(...table(body, body[0].map(() => false)));
  }
  const abi = abiLines(report);
  if (abi.length > 0) {
    lines.push('', `ABI: ${abi.length} mismatch(es), definitions declared otherwise than musl calls them`);
    for (const a of abi) lines.push(`  ${a.symbol} (${a.arches.join(', ')}) ${a.definition.file}:${a.definition.line}: ${a.message}`);
  }
  for (const u of abiUnknownLines(report)) {
    lines.push(`ABI unknown: ${u.symbol} (${u.arches.join(', ')}) ${u.definition.file}:${u.definition.line}: cannot size ${u.types.join(', ')}`);
  }
  for (const w of warnings) lines.push(`warning: ${w.file}${w.line === null ? '' : `:${w.line}`}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

/** The header line and the per-arch totals table: the one-screen summary `apply --coverage` prints. */
export function formatTotals(report: CoverageResult['report']): string[] {
  const lines = [`musl ${report.version} — backend ${report.backend.join(', ')}`, ''];
  const totals = [['arch', 'needed', 'implemented', 'stub', 'missing', 'arity', 'abi', 'unneeded']];
  for (const a of report.arches) {
    const t = a.totals;
    totals.push([a.arch, `${t.needed}`, `${t.implemented}`, `${t.stub}`, `${t.missing}`, `${t.arity}`, `${t.abi ?? 0}`, `${a.unneeded.length}`]);
  }
  lines.push(...table(totals, [false, true, true, true, true, true, true, true]));
  return lines;
}

function cellText(cell: MatrixCell | null): string {
  if (!cell) return '·';
  const arity = cell.arityMismatch ? ` arity ${cell.definedArity}≠${cell.neededArity}` : '';
  return `${LABEL[cell.status]}${arity}${cell.abi.length > 0 ? ' ABI' : ''}`;
}

/** Aligned columns, two spaces apart; `right` marks right-aligned (numeric) columns. */
function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]) : i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
