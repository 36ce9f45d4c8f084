// Markdown for the pull-request comment (and the job summary): first what the change does against
// the baseline (each symbol once, with its arches), then the totals with a chart, then the full
// table collapsed. One comment per PR, found again by its hidden marker. It must stay under GitHub's
// 65,536 characters: the full table goes first, then the list of changes is cut.
import type { CoverageReport } from '../model/index.js';
import { coverageDelta } from './delta.js';
import { compareFindings, coverageFindings, FINDING_KINDS, inRepository, resolvedFindings, type FindingKind } from './findings.js';
import { abiLines, abiUnknownLines, definitionPlaces, entryCell, isProblem, shortList, symbolMatrix, type MatrixCell, type MatrixRow } from './matrix.js';
import { appSections, CHAIN_LEGEND, chainLines, CHAINS_SHOWN, methodText, programName } from './app.js';
import type { CoverageResult } from './schema.js';

export const MARK = { implemented: '☑', stub: '▣', missing: '☒' } as const;

/** GitHub rejects comments over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;
/** What the report may use of it (room for a workflow's footer). */
export const MARKDOWN_BUDGET = 60_000;

/** Marker comment so a workflow can find and update its previous comment instead of adding one. */
export const COMMENT_MARKER = '<!-- musl-patch-coverage -->';

/** Where definitions link to: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/<sha>/<path>#L<n>`. */
export interface LinkBase {
  server: string;
  repository: string;
  sha: string;
}

export interface MarkdownOptions {
  baseline?: CoverageResult | null;
  links?: LinkBase | null;
  /** Annotations GitHub could not show (over its per-step limit): said under the changes. */
  omittedAnnotations?: number;
}

/** The link base from GitHub Actions' variables; null outside a workflow. `sha` overrides GITHUB_SHA (a PR's merge commit). */
export function linkBaseFromEnv(env: NodeJS.ProcessEnv, sha?: string): LinkBase | null {
  const commit = sha ?? env.GITHUB_SHA;
  if (!env.GITHUB_SERVER_URL || !env.GITHUB_REPOSITORY || !commit) return null;
  return { server: env.GITHUB_SERVER_URL.replace(/\/$/, ''), repository: env.GITHUB_REPOSITORY, sha: commit };
}

export function formatMarkdown(result: CoverageResult, options: MarkdownOptions = {}): string {
  const { report, warnings } = result;
  const links = options.links ?? null;
  const baseline = options.baseline ?? null;
  const rows = symbolMatrix(report);
  const problems = rows.filter(isProblem);
  const fine = rows.filter((r) => !isProblem(r));
  const program = report.app ? ` — program ${report.app.arches.map((a) => `\`${programName(a)}\` (${a.arch})`).join(', ')}` : '';
  const head = [COMMENT_MARKER, `### musl-patch coverage: musl ${report.version}${program}`, ''];
  const changes = baseline ? changeList(result, baseline, links) : [];
  const tail: string[] = ['', totalsTable(report, baseline?.report ?? null), '', chart(report, baseline?.report ?? null)];
  const chains = report.app ? ` · ${CHAIN_LEGEND}` : '';
  const legend = `<sub>Backend: ${report.backend.map((b) => `\`${b}\``).join(', ')} · ${MARK.implemented} implemented · ${MARK.stub} stub · ${MARK.missing} missing · ⚠ n≠m the definition takes n parameters, musl passes m · ⚠ ABI declared types musl does not call it with · – not needed on that arch${chains}</sub>`;
  const sections = [
    ...appMarkdown(report),
    problems.length > 0 ? details(`${problems.length} symbol(s) missing, stubbed or with a wrong arity or ABI`, matrixTable(report, problems, links), false) : null,
    abiSection(report, links),
    warnings.length > 0
      ? details(`${warnings.length} warning(s) from the backend reader`, warnings.map((w) => `- ${place(w.file, w.line, links)}: ${escapeCell(w.message)}`).join('\n'), false)
      : null,
    fine.length > 0 ? details(`${fine.length} symbol(s) implemented on every arch that needs them`, matrixTable(report, fine, links), false) : null,
  ].filter((s): s is string => s !== null);

  const summary = baseline ? changeSummary(changes, options.omittedAnnotations ?? 0, Boolean(report.app)) : [];
  const compose = (changeRows: string[], kept: string[], note: string | null) =>
    [...head, ...summary, ...(changeRows.length > 0 ? ['', ...changeTable(changeRows)] : []), ...tail, ...kept.flatMap((s) => ['', s]), ...(note ? ['', note] : []), '', legend, ''].join('\n');

  // Drop the full table first (the implemented rows, then the problems), then cut the changes.
  for (let keep = sections.length; keep >= 0; keep--) {
    const note = keep < sections.length ? `_The full table is left out to fit GitHub's comment size limit: \`musl-patch coverage --format text\` lists it._` : null;
    const text = compose(changes, sections.slice(0, keep), note);
    if (text.length <= MARKDOWN_BUDGET) return text;
  }
  let shown = changes.length;
  while (shown > 0 && compose(changes.slice(0, shown), [], '').length > MARKDOWN_BUDGET) shown = Math.floor(shown * 0.9);
  return compose(changes.slice(0, shown), [], `_${changes.length - shown} more change(s) and the full table are left out to fit GitHub's comment size limit._`);
}

interface Change {
  order: number;
  label: string;
  symbol: string;
  arches: string[];
  where: string;
}

const NEWLY_NEEDED = `➕ newly needed, ${MARK.implemented} implemented`;
const NO_LONGER_NEEDED = '➖ no longer needed';

const NEW_LABEL: Record<FindingKind, string> = {
  missing: `${MARK.missing} newly missing`,
  stub: `${MARK.stub} new stub`,
  arity: '⚠ new arity mismatch',
  abi: '⚠ new ABI mismatch',
  undefined: '✗ newly undefined in the program',
  duplicate: '⚠ new duplicate definition',
};

/** Each symbol once per kind of change, with the arches it holds on. */
function changeList(result: CoverageResult, baseline: CoverageResult, links: LinkBase | null): string[] {
  const { report } = result;
  const rows = new Map(symbolMatrix(report).map((r) => [r.symbol, r]));
  const changes: Change[] = [];
  const current = coverageFindings(report);
  const before = coverageFindings(baseline.report);
  const fresh = compareFindings(current, before).filter((f) => f.newArches.length > 0);
  // A symbol implemented with a new finding (a wrong arity) is listed once, under that finding.
  const flagged = new Set(fresh.map((f) => f.symbol));
  const implemented = new Map<string, string[]>();
  for (const d of coverageDelta(baseline.report, report)) for (const c of d.newlyImplemented) implemented.set(c.symbol, [...(implemented.get(c.symbol) ?? []), d.arch]);
  for (const [symbol, arches] of implemented) {
    if (flagged.has(symbol)) continue;
    const row = rows.get(symbol);
    const where = row ? definitionPlaces(report, row).filter((p) => p.arches.some((a) => arches.includes(a))).map((p) => linkedPlace(p.place, links)).join(', ') : '';
    changes.push({ order: 0, label: `${MARK.implemented} newly implemented`, symbol, arches, where });
  }
  if (report.app) {
    // A program's change: what it needs now and did not, what it no longer needs (missing and stub ones are findings above).
    const gained = new Map<string, string[]>();
    const lost = new Map<string, string[]>();
    for (const d of coverageDelta(baseline.report, report)) {
      for (const c of d.changed) {
        if (c.from === 'unneeded' && c.to === 'implemented' && !flagged.has(c.symbol)) gained.set(c.symbol, [...(gained.get(c.symbol) ?? []), d.arch]);
        if (c.to === 'unneeded') lost.set(c.symbol, [...(lost.get(c.symbol) ?? []), d.arch]);
      }
    }
    for (const [symbol, arches] of gained) changes.push({ order: 0, label: NEWLY_NEEDED, symbol, arches, where: '' });
    for (const [symbol, arches] of lost) changes.push({ order: 4, label: NO_LONGER_NEEDED, symbol, arches, where: '' });
  }
  fresh.forEach((f) => {
    const order = { stub: 1, missing: 2, undefined: 2, arity: 3, abi: 3, duplicate: 3 }[f.kind];
    changes.push({ order, label: NEW_LABEL[f.kind], symbol: f.symbol, arches: f.newArches, where: f.definition ? place(f.definition.file, f.definition.line, links) : '—' });
  });
  for (const f of resolvedFindings(current, before)) {
    if (f.kind === 'missing' || f.kind === 'stub') continue; // shown as newly implemented (or as the new state)
    changes.push({ order: 4, label: `✓ ${FINDING_KINDS[f.kind].title} fixed`, symbol: f.symbol, arches: f.arches, where: f.definition ? place(f.definition.file, f.definition.line, links) : '—' });
  }
  changes.sort((a, b) => a.order - b.order || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return changes.map((c) => `| ${c.label} | \`${c.symbol}\` | ${c.arches.join(', ')} | ${c.where} |`);
}

function changeSummary(changes: string[], omitted: number, app: boolean): string[] {
  const count = (label: string) => changes.filter((c) => c.startsWith(`| ${label}`)).length;
  const parts = [
    ...(app ? [`${count(NEWLY_NEEDED)} newly needed and implemented`, `${count(NO_LONGER_NEEDED)} no longer needed`, `${count(NEW_LABEL.undefined)} newly undefined in the program`] : []),
    `${count(`${MARK.implemented} newly implemented`)} newly implemented`,
    `${count(NEW_LABEL.stub)} new stub(s)`,
    `${count(NEW_LABEL.missing)} newly missing`,
    `${count(NEW_LABEL.arity)} new arity mismatch(es)`,
    `${count(NEW_LABEL.abi)} new ABI mismatch(es)`,
  ];
  const lines = [changes.length === 0 ? '**This change:** no change to what the backend covers.' : `**This change:** ${parts.join(' · ')}.`];
  if (omitted > 0) lines.push('', `_${omitted} more annotation(s) than GitHub shows per step: the tables below have them._`);
  return lines;
}

function changeTable(rows: string[]): string[] {
  return ['| change | symbol | arches | definition |', '|---|---|---|---|', ...rows];
}

function totalsTable(report: CoverageReport, before: CoverageReport | null): string {
  const lines = [
    `| arch | needed | ${MARK.implemented} implemented | ${MARK.stub} stub | ${MARK.missing} missing | ⚠ arity | ⚠ ABI |`,
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const arch of report.arches) {
    const old = before?.arches.find((a) => a.arch === arch.arch)?.totals ?? null;
    const t = arch.totals;
    const cell = (key: keyof typeof t) => `${t[key] ?? 0}${old ? change((t[key] ?? 0) - (old[key] ?? 0)) : ''}`;
    lines.push(`| ${arch.arch} | ${cell('needed')} | ${cell('implemented')} | ${cell('stub')} | ${cell('missing')} | ${cell('arity')} | ${cell('abi')} |`);
  }
  return lines.join('\n');
}

/** The ABI mismatches with their reasons, and the definitions whose types could not be checked. */
function abiSection(report: CoverageReport, links: LinkBase | null): string | null {
  const abi = abiLines(report);
  const unknown = abiUnknownLines(report);
  if (abi.length + unknown.length === 0) return null;
  const list = [
    ...abi.map((a) => `- \`${a.symbol}\` (${a.arches.join(', ')}) ${place(a.definition.file, a.definition.line, links)}: ${escapeCell(a.message)}`),
    ...unknown.map((u) => `- \`${u.symbol}\` (${u.arches.join(', ')}) ${place(u.definition.file, u.definition.line, links)}: unknown type(s) ${u.types.map((t) => `\`${t}\``).join(', ')}, not checked`),
  ];
  const title = `${abi.length} ABI mismatch(es)${unknown.length > 0 ? `, ${unknown.length} definition(s) with types not checked` : ''}`;
  return details(title, list.join('\n'), false);
}

/** Per arch of a program's report: the problems its calls reach, with the chains, and its own undefined symbols. */
function appMarkdown(report: CoverageReport): string[] {
  return appSections(report).flatMap(({ app, rows }) => {
    const out: string[] = [];
    const list = rows.map(({ need, entry }) => {
      const chains = chainLines(need);
      const shown = chains.slice(0, CHAINS_SHOWN).map((c) => `\`${escapeCell(c)}\``);
      if (chains.length > CHAINS_SHOWN) shown.push(`… ${chains.length - CHAINS_SHOWN} more`);
      return `| ${cellMark(entryCell(entry))} | \`${need.symbol}\` | ${shown.join('<br>')} |`;
    });
    const title = `${app.arch}: ${rows.length} of the ${app.needs.length} backend function(s) the program needs are missing, stubbed or mismatched`;
    const body = [`${escapeCell(programName(app))} ${escapeCell(methodText(app))}.`, '', ...(list.length > 0 ? ['| | symbol | from the program\'s calls |', '|:-:|---|---|', ...list] : [])];
    out.push(details(title, body.join('\n'), true));
    if (app.undefined.length > 0) {
      const items = app.undefined.map((u) => `- \`${u.symbol}\`: ${u.references.map((r) => `\`${escapeCell(r.function ? `${r.file}: ${r.function}` : r.file)}\``).join(', ')}`);
      out.push(details(`${app.arch}: ${app.undefined.length} symbol(s) the program refers to and nothing defines (not backend functions: the program's own gap)`, items.join('\n'), true));
    }
    return out;
  });
}

function change(n: number): string {
  if (n === 0) return '';
  return n > 0 ? ` (+${n})` : ` (−${-n})`;
}

/**
 * A mermaid bar chart GitHub renders: per arch (base and head with a baseline) the needed symbols,
 * stacked implemented / stub / missing. xychart draws its bar series over each other, so the series
 * are cumulative (needed, implemented + stub, implemented) and read as stacked bars.
 */
function chart(report: CoverageReport, before: CoverageReport | null): string {
  const columns: { name: string; t: CoverageReport['arches'][number]['totals'] }[] = [];
  for (const arch of report.arches) {
    const old = before?.arches.find((a) => a.arch === arch.arch);
    if (old) columns.push({ name: `${arch.arch} base`, t: old.totals });
    columns.push({ name: old ? `${arch.arch} head` : arch.arch, t: arch.totals });
  }
  const series = (f: (t: (typeof columns)[number]['t']) => number) => `[${columns.map((c) => f(c.t)).join(', ')}]`;
  const max = Math.max(1, ...columns.map((c) => c.t.needed));
  return [
    '```mermaid',
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#cf222e, #bf8700, #1a7f37"}}}}%%',
    'xychart-beta',
    `  title "Needed backend symbols: implemented (green), stub (amber), missing (red)"`,
    `  x-axis [${columns.map((c) => `"${c.name}"`).join(', ')}]`,
    `  y-axis "symbols" 0 --> ${max}`,
    `  bar ${series((t) => t.needed)}`,
    `  bar ${series((t) => t.implemented + t.stub)}`,
    `  bar ${series((t) => t.implemented)}`,
    '```',
  ].join('\n');
}

function matrixTable(report: CoverageReport, rows: MatrixRow[], links: LinkBase | null): string {
  const header = `| symbol | ${report.arches.map((a) => a.arch).join(' | ')} | defined at | reached from |`;
  const rule = `|---|${report.arches.map(() => ':-:').join('|')}|---|---|`;
  const body = rows.map((row) => {
    const places = definitionPlaces(report, row);
    const where = places.length === 0 ? '—' : places.map((p) => `${linkedPlace(p.place, links)}${places.length > 1 ? ` (${p.arches.join(', ')})` : ''}`).join(', ');
    return `| \`${row.symbol}\` | ${row.cells.map(cellMark).join(' | ')} | ${where} | ${escapeCell(shortList(row.reachedFrom, 5))} |`;
  });
  return [header, rule, ...body].join('\n');
}

/** `file:line` as a link to that line when the link base is known; never an absolute machine path. */
function place(file: string, line: number | null, links: LinkBase | null): string {
  return linkedPlace(line === null ? file : `${file}:${line}`, links);
}

function linkedPlace(fileLine: string, links: LinkBase | null): string {
  const m = /^(.*?)(?::(\d+))?$/.exec(fileLine)!;
  const [file, line] = [m[1], m[2]];
  if (!inRepository(file)) return `\`${file.split(/[\\/]/).pop()}${line ? `:${line}` : ''}\``;
  if (!links) return `\`${fileLine}\``;
  const url = `${links.server}/${links.repository}/blob/${links.sha}/${file.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`;
  return `[\`${fileLine}\`](${url})`;
}

function cellMark(cell: MatrixCell | null): string {
  if (!cell) return '–';
  const mark = cell.arityMismatch ? `${MARK[cell.status]} ⚠ ${cell.definedArity}≠${cell.neededArity}` : MARK[cell.status];
  return cell.abi.length > 0 ? `${mark} ⚠ ABI` : mark;
}

function details(summary: string, body: string, open: boolean): string {
  return `<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
