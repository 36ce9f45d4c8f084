// Markdown for a pull-request comment or a GitHub step summary: totals per arch, the changes
// against a baseline when given, and the symbol matrix in collapsible sections.
import type { CoverageReport } from '../model.js';
import type { ArchDelta, SymbolChange, SymbolState } from './delta.js';
import { definedAt, isProblem, shortList, symbolMatrix, type MatrixCell, type MatrixRow } from './matrix.js';
import type { CoverageResult } from './schema.js';

export const MARK = { implemented: '☑', stub: '▣', missing: '☒' } as const;

/** GitHub rejects comments over 65,536 characters; stay below with room for a footer. */
export const MARKDOWN_BUDGET = 60_000;

/** Longer lists start collapsed so the comment stays scannable. */
const OPEN_ROWS = 30;

/** Marker comment so a workflow can find and update its previous comment instead of adding one. */
export const COMMENT_MARKER = '<!-- musl-patch-coverage -->';

export function formatMarkdown(result: CoverageResult, delta: ArchDelta[] | null = null): string {
  const { report, warnings } = result;
  const rows = symbolMatrix(report);
  const problems = rows.filter(isProblem);
  const fine = rows.filter((r) => !isProblem(r));
  const parts: string[] = [
    COMMENT_MARKER,
    `### musl-patch coverage: musl ${report.version}`,
    '',
    `Backend: ${report.backend.map((b) => `\`${b}\``).join(', ')} · ${MARK.implemented} implemented · ${MARK.stub} stub · ${MARK.missing} missing · ⚠ n≠m the definition takes n parameters, the call needs m · – not needed on that arch`,
    '',
    totalsTable(report, delta),
  ];
  if (delta) parts.push('', ...deltaSection(delta));
  if (problems.length > 0) {
    parts.push('', details(`${problems.length} symbol(s) missing, stubbed or with a wrong arity`, matrixTable(report, problems), problems.length <= OPEN_ROWS));
  }
  if (warnings.length > 0) {
    const list = warnings.map((w) => `- \`${w.file}${w.line === null ? '' : `:${w.line}`}\`: ${escapeCell(w.message)}`).join('\n');
    parts.push('', details(`${warnings.length} warning(s) from the backend reader`, list, false));
  }
  const withoutFine = parts.join('\n');
  const fineSection = details(`${fine.length} symbol(s) implemented on every arch that needs them`, matrixTable(report, fine), false);
  const full = fine.length > 0 ? `${withoutFine}\n\n${fineSection}` : withoutFine;
  if (full.length <= MARKDOWN_BUDGET) return `${full}\n`;
  const note = `\n\n_${fine.length} implemented symbol(s) left out to fit GitHub's comment size limit; see the JSON report._`;
  return `${withoutFine}${note}\n`;
}

function totalsTable(report: CoverageReport, delta: ArchDelta[] | null): string {
  const lines = [
    `| arch | needed | ${MARK.implemented} implemented | ${MARK.stub} stub | ${MARK.missing} missing | ⚠ arity |`,
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const arch of report.arches) {
    const before = delta?.find((d) => d.arch === arch.arch)?.before ?? null;
    const t = arch.totals;
    const cell = (key: keyof typeof t) => `${t[key]}${before ? change(t[key] - before[key]) : ''}`;
    lines.push(`| ${arch.arch} | ${cell('needed')} | ${cell('implemented')} | ${cell('stub')} | ${cell('missing')} | ${cell('arity')} |`);
  }
  return lines.join('\n');
}

function change(n: number): string {
  if (n === 0) return '';
  return n > 0 ? ` (+${n})` : ` (−${-n})`;
}

function deltaSection(delta: ArchDelta[]): string[] {
  const missing = delta.flatMap((d) => d.newlyMissing.map((c) => ({ arch: d.arch, c })));
  const implemented = delta.flatMap((d) => d.newlyImplemented.map((c) => ({ arch: d.arch, c })));
  const changed = delta.flatMap((d) => d.changed.map((c) => ({ arch: d.arch, c })));
  const uncovered = delta.filter((d) => d.before === null).map((d) => d.arch);
  const lines = [
    `**Against the baseline:** ${missing.length} newly missing, ${implemented.length} newly implemented, ${changed.length} other change(s).`,
  ];
  if (uncovered.length > 0) lines.push('', `_The baseline has no data for ${uncovered.join(', ')}._`);
  const section = (title: string, items: { arch: string; c: SymbolChange }[], open: boolean) => {
    if (items.length === 0) return;
    const body = ['| symbol | arch | before | now |', '|---|---|---|---|', ...items.map(({ arch, c }) => `| \`${c.symbol}\` | ${arch} | ${stateText(c.from, null)} | ${stateText(c.to, c.arity)} |`)];
    lines.push('', details(`${title} (${items.length})`, body.join('\n'), open));
  };
  section('Newly missing', missing, missing.length <= OPEN_ROWS);
  section('Newly implemented', implemented, false);
  section('Other changes', changed, false);
  return lines;
}

function stateText(state: SymbolState, arity: SymbolChange['arity']): string {
  const base = state === 'unneeded' ? 'not needed' : `${MARK[state]} ${state}`;
  if (arity === 'broken') return `${base}, ⚠ arity now wrong`;
  if (arity === 'fixed') return `${base}, arity fixed`;
  return base;
}

function matrixTable(report: CoverageReport, rows: MatrixRow[]): string {
  const header = `| symbol | ${report.arches.map((a) => a.arch).join(' | ')} | defined at | reached from |`;
  const rule = `|---|${report.arches.map(() => ':-:').join('|')}|---|---|`;
  const body = rows.map((row) => {
    const at = definedAt(report, row);
    const where = at ? `\`${at}\`` : '—';
    return `| \`${row.symbol}\` | ${row.cells.map(cellMark).join(' | ')} | ${where} | ${escapeCell(shortList(row.reachedFrom, 5))} |`;
  });
  return [header, rule, ...body].join('\n');
}

function cellMark(cell: MatrixCell | null): string {
  if (!cell) return '–';
  return cell.arityMismatch ? `${MARK[cell.status]} ⚠ ${cell.definedArity}≠${cell.neededArity}` : MARK[cell.status];
}

function details(summary: string, body: string, open: boolean): string {
  return `<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
