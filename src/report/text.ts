// Terminal report: totals per arch, then one line per symbol that needs attention.
import type { CoverageEntry } from '../model/index.js';
import { compareText } from '../util/text.js';
import { coverageDelta, type SymbolChange } from './delta.js';
import { compareFindings, coverageFindings, resolvedFindings } from './findings.js';
import { abiLines, abiUnknownLines, definedAt, entryCell, isProblem, shortList, symbolMatrix, type MatrixCell } from './matrix.js';
import type { CoverageResult } from './schema.js';
import { appSections, CHAIN_LEGEND, chainLines, CHAINS_SHOWN, methodText, programName } from './app.js';

const LABEL: Record<CoverageEntry['status'], string> = { implemented: 'ok', stub: 'stub', missing: 'MISSING' };

export interface TextOptions {
  all?: boolean;
  /** An earlier report: what changed against it is listed after the totals. */
  baseline?: CoverageResult | null;
}

export function formatText(result: CoverageResult, options: TextOptions = {}): string {
  const { report, warnings } = result;
  const lines = formatTotals(report);
  if (options.baseline) lines.push('', ...changeText(result, options.baseline));

  const rows = symbolMatrix(report).filter((r) => options.all || isProblem(r));
  if (rows.length > 0) {
    lines.push('');
    const body = [['symbol', ...report.arches.map((a) => a.arch), 'defined at', report.app ? "the program's calls" : 'reached from']];
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
  lines.push(...appText(result, options));
  for (const w of warnings) lines.push(`warning: ${w.file}${w.line === null ? '' : `:${w.line}`}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

/** A program's report: per arch, how its needs were read, the chains to each problem, its own undefined symbols. */
function appText(result: CoverageResult, options: { all?: boolean }): string[] {
  const lines: string[] = [];
  for (const { app, rows } of appSections(result.report, options)) {
    lines.push('', `${app.arch}: ${programName(app)} ${methodText(app)}`);
    if (app.method === 'link' && rows.length > 0) lines.push(`  (${CHAIN_LEGEND})`);
    for (const { need, entry } of rows) {
      lines.push(`  ${need.symbol}: ${cellText(entryCell(entry))}`);
      const chains = chainLines(need);
      for (const c of chains.slice(0, CHAINS_SHOWN)) lines.push(`    ${c}`);
      if (chains.length > CHAINS_SHOWN) lines.push(`    … ${chains.length - CHAINS_SHOWN} more call(s) of the program lead here`);
    }
    if (app.undefined.length > 0) {
      lines.push(`  the program's own undefined symbols (not backend functions: its link fails without them):`);
      for (const u of app.undefined) lines.push(`    ${u.symbol}: ${u.references.map((r) => (r.function ? `${r.file}: ${r.function}` : r.file)).join(', ')}`);
    }
  }
  return lines;
}

/** Per arch what changed against the baseline: needs gained and lost (a program's change), status, arity and ABI changes. */
function changeText(result: CoverageResult, baseline: CoverageResult): string[] {
  const lines = ['Against the baseline:'];
  for (const d of coverageDelta(baseline.report, result.report)) {
    const changes = [...d.newlyMissing, ...d.newlyImplemented, ...d.changed].sort((a, b) => compareText(a.symbol, b.symbol));
    if (d.before === null) lines.push(`  ${d.arch}: not in the baseline`);
    else if (changes.length === 0) lines.push(`  ${d.arch}: no change`);
    else lines.push(`  ${d.arch}: ${changes.map(symbolChangeText).join(', ')}`);
  }
  const before = coverageFindings(baseline.report).filter((f) => f.kind === 'undefined');
  const now = coverageFindings(result.report).filter((f) => f.kind === 'undefined');
  const fresh = compareFindings(now, before).filter((f) => f.newArches.length > 0);
  const gone = resolvedFindings(now, before);
  if (fresh.length + gone.length > 0) {
    const parts = [...fresh.map((f) => `+ ${f.symbol} (${f.newArches.join(', ')})`), ...gone.map((f) => `− ${f.symbol} (${f.arches.join(', ')})`)];
    lines.push(`  undefined in the program: ${parts.join(', ')}`);
  }
  return lines;
}

function symbolChangeText(c: SymbolChange): string {
  const notes = [c.arity === 'broken' ? 'arity now wrong' : c.arity === 'fixed' ? 'arity fixed' : '', c.abi === 'broken' ? 'ABI now wrong' : c.abi === 'fixed' ? 'ABI fixed' : ''].filter(Boolean);
  const extra = notes.length > 0 ? `, ${notes.join(', ')}` : '';
  if (c.from === 'unneeded') return `+ ${c.symbol} (newly needed: ${LABEL[c.to as CoverageEntry['status']]}${extra})`;
  if (c.to === 'unneeded') return `− ${c.symbol} (no longer needed)`;
  return c.from === c.to ? `${c.symbol} (${notes.join(', ')})` : `${c.symbol} (${LABEL[c.from]} → ${LABEL[c.to]}${extra})`;
}

/** The header line and the per-arch totals table: the one-screen summary `apply --coverage` prints. */
export function formatTotals(report: CoverageResult['report']): string[] {
  const program = report.app ? ` — program ${report.app.arches.map((a) => `${programName(a)} (${a.arch})`).join(', ')}` : '';
  const lines = [`musl ${report.version} — backend ${report.backend.join(', ')}${program}`, ''];
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
