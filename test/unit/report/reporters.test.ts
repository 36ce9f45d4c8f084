import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { coverageDelta, hasChanges } from '../../../src/report/delta.js';
import { coverageFindings } from '../../../src/report/findings.js';
import { formatGithub } from '../../../src/report/github.js';
import { marked } from 'marked';
import { COMMENT_LIMIT, COMMENT_MARKER, formatMarkdown, linkBaseFromEnv } from '../../../src/report/markdown.js';
import { applyPolicy, parseFailOn } from '../../../src/report/policy.js';
import { COVERAGE_FORMAT, formatJson, readCoverageJson } from '../../../src/report/schema.js';
import { formatText } from '../../../src/report/text.js';
import { sampleReport, WRITE_ABI } from './sample-report.js';

const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));
async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-report-'));
  scratch.push(dir);
  await writeFile(path.join(dir, name), text);
  return path.join(dir, name);
}

const result = () => ({ report: sampleReport(), warnings: [{ file: 'kernel/musl/bad.cpp', line: 4, message: 'could not parse line(s) 4' }] });

describe('text', () => {
  test('totals per arch and one line per symbol needing attention', () => {
    const lines = formatText(result()).split('\n');
    expect(lines[0]).toBe('musl 1.2.5 — backend kernel/musl');
    expect(lines).toContain('x86_64        5            2     1        2      1    0         1');
    expect(lines).toContain('aarch64       4            2     1        1      1    0         1');
    expect(lines.find((l) => l.startsWith('syscall_SYS_open'))).toMatch(/^syscall_SYS_open\s+MISSING\s+·\s+-\s+fopen, open, tmpfile$/);
    expect(lines.find((l) => l.startsWith('syscall_SYS_read'))).toMatch(/ok arity 2≠3\s+ok arity 2≠3\s+kernel\/musl\/sys\.cpp:20\s+read$/);
    expect(lines.some((l) => l.startsWith('syscall_SYS_write'))).toBe(false);
    expect(lines).toContain('warning: kernel/musl/bad.cpp:4: could not parse line(s) 4');
  });

  test('--all lists implemented symbols too', () => {
    expect(formatText(result(), { all: true })).toMatch(/^syscall_SYS_write\s+ok\s+ok\s+kernel\/musl\/sys\.cpp:10\s+write$/m);
  });
});

describe('json', () => {
  test('tagged, keys in schema order, and read back unchanged', async () => {
    const text = formatJson(result());
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['format', 'version', 'backend', 'arches', 'warnings']);
    expect(data.format).toBe(COVERAGE_FORMAT);
    expect(Object.keys(data.arches[0])).toEqual(['arch', 'totals', 'entries', 'unneeded']);
    const back = await readCoverageJson(await tempFile('c.json', text));
    expect(back).toEqual(result());
    expect(formatJson(back)).toBe(text);
  });

  test('a file that is not a coverage document is a one-line user error', async () => {
    await expect(readCoverageJson(await tempFile('a.json', '{"format":"other"}'))).rejects.toThrow(/is not a musl-patch-coverage\/1 document \(format/);
    await expect(readCoverageJson(await tempFile('b.json', 'not json'))).rejects.toThrow(/is not JSON/);
    await expect(readCoverageJson(path.join(os.tmpdir(), 'musl-patch-no-such-dir', 'base.json'))).rejects.toThrow(/cannot read coverage report/);
  });
});

describe('delta', () => {
  test('newly missing, newly implemented and other changes per arch', () => {
    const before = sampleReport();
    const now = sampleReport();
    // Before: open was implemented, read's arity was right, write was a stub; acct not needed on aarch64.
    const x86Before = before.arches[0];
    x86Before.entries.find((e) => e.symbol === 'syscall_SYS_open')!.status = 'implemented';
    x86Before.entries.find((e) => e.symbol === 'syscall_SYS_read')!.arityMismatch = false;
    x86Before.entries.find((e) => e.symbol === 'syscall_SYS_write')!.status = 'stub';
    before.arches[1].entries = before.arches[1].entries.filter((e) => e.symbol !== 'syscall_SYS_acct');
    const delta = coverageDelta(before, now);
    expect(delta.map((d) => [d.arch, d.newlyMissing, d.newlyImplemented, d.changed])).toEqual([
      [
        'x86_64',
        [{ symbol: 'syscall_SYS_open', from: 'implemented', to: 'missing', arity: null, abi: null }],
        [{ symbol: 'syscall_SYS_write', from: 'stub', to: 'implemented', arity: null, abi: null }],
        [{ symbol: 'syscall_SYS_read', from: 'implemented', to: 'implemented', arity: 'broken', abi: null }],
      ],
      ['aarch64', [{ symbol: 'syscall_SYS_acct', from: 'unneeded', to: 'missing', arity: null, abi: null }], [], []],
    ]);
    expect(hasChanges(delta)).toBe(true);
    expect(hasChanges(coverageDelta(sampleReport(), sampleReport()))).toBe(false);
  });

  test('an arch the baseline does not cover has no changes and no totals', () => {
    const before = sampleReport();
    before.arches = before.arches.slice(0, 1);
    const delta = coverageDelta(before, sampleReport());
    expect(delta[1]).toEqual({ arch: 'aarch64', newlyMissing: [], newlyImplemented: [], changed: [], before: null });
  });
});

describe('markdown', () => {
  test('totals, a chart, the full table collapsed', () => {
    const md = formatMarkdown(result());
    expect(md.startsWith(`${COMMENT_MARKER}\n### musl-patch coverage: musl 1.2.5\n`)).toBe(true);
    expect(md).toContain('| x86_64 | 5 | 2 | 1 | 2 | 1 | 0 |');
    expect(md).toContain('| `syscall_SYS_open` | ☒ | – | — | fopen, open, tmpfile |');
    expect(md).toContain('| `syscall_SYS_mlock` | ▣ | ▣ | `kernel/musl/sys.cpp:30` | mlock |');
    expect(md).toContain('| `syscall_SYS_read` | ☑ ⚠ 2≠3 | ☑ ⚠ 2≠3 | `kernel/musl/sys.cpp:20` | read |');
    expect(md).toContain('<details>\n<summary>4 symbol(s) missing, stubbed or with a wrong arity or ABI</summary>\n\n| symbol | x86_64 | aarch64 |');
    expect(md).toContain('<details>\n<summary>1 symbol(s) implemented on every arch that needs them</summary>');
    expect(md).toContain('- `kernel/musl/bad.cpp:4`: could not parse line(s) 4');
    expect(md).not.toContain('This change');
    // Stacked bars per arch: needed, implemented + stub, implemented.
    expect(md).toContain('```mermaid\n%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#cf222e, #bf8700, #1a7f37"}}}}%%\nxychart-beta\n');
    expect(md).toContain('  x-axis ["x86_64", "aarch64"]\n  y-axis "symbols" 0 --> 5\n  bar [5, 4]\n  bar [3, 3]\n  bar [2, 2]\n```');
  });

  test('with a baseline: what the change does comes first, each symbol once with its arches, then signed totals', () => {
    const before = sampleReport();
    // Before: open implemented on x86_64, acct implemented on both, mlock missing on both.
    const fix = (arch: (typeof before.arches)[number], symbol: string, status: 'implemented' | 'missing') => {
      const e = arch.entries.find((x) => x.symbol === symbol)!;
      e.status = status;
      e.definition = status === 'implemented' ? { name: symbol, status, file: 'kernel/musl/sys.cpp', line: 50, params: ['int'], weak: false } : null;
      e.arityMismatch = false;
    };
    for (const a of before.arches) {
      fix(a, 'syscall_SYS_acct', 'implemented');
      fix(a, 'syscall_SYS_mlock', 'missing');
    }
    fix(before.arches[0], 'syscall_SYS_open', 'implemented');
    before.arches[0].totals = { ...before.arches[0].totals, implemented: 4, stub: 0, missing: 1 };
    const links = { server: 'https://github.example', repository: 'acme/kernel', sha: 'abc123' };
    const md = formatMarkdown(result(), { baseline: { report: before, warnings: [] }, links });
    const lines = md.split('\n');
    expect(lines.slice(3, 11)).toEqual([
      '**This change:** 0 newly implemented · 1 new stub(s) · 2 newly missing · 0 new arity mismatch(es) · 0 new ABI mismatch(es).',
      '',
      '| change | symbol | arches | definition |',
      '|---|---|---|---|',
      '| ▣ new stub | `syscall_SYS_mlock` | x86_64, aarch64 | [`kernel/musl/sys.cpp:30`](https://github.example/acme/kernel/blob/abc123/kernel/musl/sys.cpp#L30) |',
      '| ☒ newly missing | `syscall_SYS_acct` | x86_64, aarch64 | — |',
      '| ☒ newly missing | `syscall_SYS_open` | x86_64 | — |',
      '',
    ]);
    expect(md).toContain('| x86_64 | 5 | 2 (−2) | 1 (+1) | 2 (+1) | 1 | 0 |');
    expect(md).toContain('  x-axis ["x86_64 base", "x86_64 head", "aarch64 base", "aarch64 head"]');
    expect(md.indexOf('This change')).toBeLessThan(md.indexOf('| arch | needed'));
    expect(md.indexOf('| arch | needed')).toBeLessThan(md.indexOf('<details>'));
  });

  test('newly implemented symbols and fixed arities are listed with their definitions', () => {
    const before = sampleReport();
    for (const a of before.arches) {
      const w = a.entries.find((e) => e.symbol === 'syscall_SYS_write')!;
      w.status = 'missing';
      w.definition = null;
      a.entries.find((e) => e.symbol === 'syscall_SYS_mlock')!.arityMismatch = true;
    }
    const now = result();
    for (const a of now.report.arches) {
      const r = a.entries.find((e) => e.symbol === 'syscall_SYS_read')!;
      r.arityMismatch = false;
    }
    const md = formatMarkdown(now, { baseline: { report: before, warnings: [] } });
    expect(md).toContain('| ☑ newly implemented | `syscall_SYS_write` | x86_64, aarch64 | `kernel/musl/sys.cpp:10` |');
    expect(md).toContain('| ✓ arity fixed | `syscall_SYS_mlock` | x86_64, aarch64 | `kernel/musl/sys.cpp:30` |');
    expect(md).toContain('**This change:** 1 newly implemented · 0 new stub(s) · 0 newly missing · 0 new arity mismatch(es) · 0 new ABI mismatch(es).');
  });

  test('no machine paths: a definition outside the checkout shows its file name only', () => {
    const r = result();
    for (const a of r.report.arches) for (const e of a.entries) if (e.definition) e.definition = { ...e.definition, file: '/home/me/kernel/sys.cpp' };
    const md = formatMarkdown(r, { links: { server: 'https://github.example', repository: 'a/b', sha: 'f00' } });
    expect(md).not.toContain('/home/me');
    expect(md).toContain('| `syscall_SYS_mlock` | ▣ | ▣ | `sys.cpp:30` | mlock |');
  });

  test('links need all three GitHub variables', () => {
    expect(linkBaseFromEnv({ GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'merge' })).toEqual({ server: 'https://github.com', repository: 'a/b', sha: 'merge' });
    expect(linkBaseFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'merge' }, 'head')?.sha).toBe('head');
    expect(linkBaseFromEnv({ GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'x' })).toBeNull();
  });

  test('renders (GitHub-flavoured Markdown, marked) as a PR comment: heading, tables, collapsible sections', () => {
    const html = marked.parse(formatMarkdown(result(), { baseline: { report: sampleReport(), warnings: [] } }), { gfm: true, async: false }) as string;
    expect(html).toMatch(/<h3[^>]*>musl-patch coverage: musl 1.2.5<\/h3>/);
    // Every table became a table: no Markdown table line leaks into the page as text.
    expect(html.split('\n').filter((l) => l.trimStart().startsWith('|'))).toEqual([]);
    expect(html.match(/<table>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('<th>arch</th>');
    expect(html).toContain('<td>x86_64</td>');
    expect(html).toContain('<td><code>syscall_SYS_read</code></td>');
    expect(html).toContain('<pre><code class="language-mermaid">');
    const problems = html.slice(html.indexOf('<details>'), html.indexOf('</details>'));
    expect(problems).toContain('<summary>4 symbol(s) missing, stubbed or with a wrong arity or ABI</summary>');
    expect(problems).toContain('<td align="center">☑ ⚠ 2≠3</td>');
  });

  test('stays under the comment size limit: the full table is dropped first, then the changes are cut', () => {
    const big = sampleReport();
    const template = big.arches[0].entries.find((e) => e.symbol === 'syscall_SYS_write')!;
    for (let i = 0; i < 1500; i++) big.arches[0].entries.push({ ...template, symbol: `syscall_SYS_fine_${String(i).padStart(4, '0')}` });
    const md = formatMarkdown({ report: big, warnings: [] });
    expect(md.length).toBeLessThan(COMMENT_LIMIT);
    expect(md).toContain('_The full table is left out');
    expect(md).toContain('| x86_64 | 5 | 2 | 1 | 2 | 1 | 0 |');
    // Every one of them newly missing against a baseline where they were implemented.
    const before = structuredClone(big);
    const now = structuredClone(big);
    for (const e of now.arches[0].entries) if (e.symbol.startsWith('syscall_SYS_fine_')) Object.assign(e, { status: 'missing', definition: null });
    const cut = formatMarkdown({ report: now, warnings: [] }, { baseline: { report: before, warnings: [] } });
    expect(cut.length).toBeLessThan(COMMENT_LIMIT);
    expect(cut).toMatch(/_\d+ more change\(s\) and the full table are left out/);
    expect(cut).toContain('**This change:** 0 newly implemented · 0 new stub(s) · 1500 newly missing');
  });
});

describe('github', () => {
  test('annotations only on definitions in the repository (stub, arity), never musl sources; levels follow --fail-on', () => {
    const { text, omitted } = formatGithub(result(), parseFailOn('missing'));
    expect(text.trimEnd().split('\n')).toEqual([
      '::warning file=kernel/musl/sys.cpp,line=30,title=syscall_SYS_mlock%3A stub::syscall_SYS_mlock is a stub in the backend (x86_64, aarch64); needed by mlock',
      '::warning file=kernel/musl/sys.cpp,line=20,title=syscall_SYS_read%3A arity::syscall_SYS_read takes 2 parameter(s); musl passes 3 (x86_64, aarch64); needed by read',
      '::warning file=kernel/musl/bad.cpp,line=4,title=backend reader::could not parse line(s) 4',
    ]);
    expect(omitted).toBe(0);
    const strict = formatGithub(result(), parseFailOn('stub,arity')).text;
    expect(strict).toContain('::error file=kernel/musl/sys.cpp,line=30,title=syscall_SYS_mlock%3A stub::');
    expect(strict).toContain('::error file=kernel/musl/sys.cpp,line=20,title=syscall_SYS_read%3A arity::');
  });

  test('with a baseline only what the change introduced is annotated, as an error under new-*', () => {
    const before = { report: sampleReport(), warnings: result().warnings };
    const now = result();
    for (const a of now.report.arches) {
      const w = a.entries.find((e) => e.symbol === 'syscall_SYS_write')!;
      w.status = 'stub';
      w.definition = { ...w.definition!, status: 'stub' };
    }
    const { text } = formatGithub(now, parseFailOn('new-stub'), before);
    expect(text).toBe('::error file=kernel/musl/sys.cpp,line=10,title=syscall_SYS_write%3A stub (new in this change)::syscall_SYS_write is a stub in the backend (x86_64, aarch64); needed by write\n');
  });

  test('at most what GitHub shows per step (10 errors, 10 warnings); the rest is counted for the summary', () => {
    const big = result();
    const stub = big.report.arches[0].entries.find((e) => e.symbol === 'syscall_SYS_mlock')!;
    for (let i = 0; i < 25; i++) big.report.arches[0].entries.push({ ...stub, symbol: `syscall_SYS_s${i}`, definition: { ...stub.definition!, line: 100 + i } });
    const { text, omitted } = formatGithub(big, parseFailOn('stub'));
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::warning')).length).toBe(2);
    expect(omitted).toBe(26 - 10);
  });

  test('escapes workflow-command metacharacters', () => {
    const { text } = formatGithub({ report: { version: '1', backend: [], arches: [] }, warnings: [{ file: 'a,b:c.cpp', line: null, message: '100% broken\nreally' }] }, parseFailOn('none'));
    expect(text).toBe('::warning file=a%2Cb%3Ac.cpp,line=1,title=backend reader::100%25 broken%0Areally\n');
  });
});

describe('policy', () => {
  test('parses kinds, new-kinds and lists; stub implies missing; none disables', () => {
    const parsed = (spec: string) => {
      const p = parseFailOn(spec);
      return { any: [...p.any].sort(), new: [...p.new].sort() };
    };
    expect(parsed('missing')).toEqual({ any: ['missing'], new: [] });
    expect(parsed('stub')).toEqual({ any: ['missing', 'stub'], new: [] });
    expect(parsed('new-stub,arity')).toEqual({ any: ['arity'], new: ['missing', 'stub'] });
    expect(parsed('none')).toEqual({ any: [], new: [] });
    expect(() => parseFailOn('everything')).toThrow(/--fail-on 'everything' is not understood/);
    expect(() => parseFailOn('new-everything')).toThrow(/not understood/);
  });

  test('absolute kinds: one reason per arch and category', () => {
    const f = coverageFindings(sampleReport());
    expect(applyPolicy(f, null, parseFailOn('missing'), ['x86_64', 'aarch64'])).toEqual({ failed: true, reasons: ['x86_64: 2 missing', 'aarch64: 1 missing'], kinds: ['missing'] });
    expect(applyPolicy(f, null, parseFailOn('arity'), ['x86_64', 'aarch64']).reasons).toEqual(['x86_64: 1 arity mismatch(es)', 'aarch64: 1 arity mismatch(es)']);
    expect(applyPolicy(f, null, parseFailOn('none'), ['x86_64', 'aarch64'])).toEqual({ failed: false, reasons: [], kinds: [] });
  });

  test('new-missing: a symbol missing before and still missing never fails; a newly missing one does', () => {
    const before = sampleReport();
    expect(applyPolicy(coverageFindings(sampleReport()), coverageFindings(before), parseFailOn('new-missing,new-stub,new-arity'), ['x86_64', 'aarch64']).failed).toBe(false);
    const open = before.arches[0].entries.find((e) => e.symbol === 'syscall_SYS_open')!;
    Object.assign(open, { status: 'implemented', definition: { name: 'syscall_SYS_open', status: 'implemented', file: 'k.cpp', line: 1, params: ['a', 'b', 'c'], weak: false } });
    expect(applyPolicy(coverageFindings(sampleReport()), coverageFindings(before), parseFailOn('new-missing'), ['x86_64', 'aarch64'])).toEqual({
      failed: true,
      reasons: ['x86_64: 1 new missing (syscall_SYS_open)'],
      kinds: ['missing'],
    });
  });
});

describe('ABI findings in every format', () => {
  const abi = () => ({ report: sampleReport({ abi: true }), warnings: [] });

  test('text: the totals count it, the row says ABI, the reason is listed with the definition', () => {
    const lines = formatText(abi()).split('\n');
    expect(lines).toContain('x86_64        5            2     1        2      1    1         1');
    expect(lines.find((l) => l.startsWith('syscall_SYS_write'))).toMatch(/^syscall_SYS_write\s+ok ABI\s+ok\s+kernel\/musl\/sys\.cpp:10\s+write$/);
    expect(lines).toContain('ABI: 1 mismatch(es), definitions declared otherwise than musl calls them');
    expect(lines).toContain(`  syscall_SYS_write (x86_64) kernel/musl/sys.cpp:10: ${WRITE_ABI.message}`);
  });

  test('markdown: a column in the totals, a mark in the table, the reasons in their own section', () => {
    const md = formatMarkdown(abi());
    expect(md).toContain('| x86_64 | 5 | 2 | 1 | 2 | 1 | 1 |');
    expect(md).toMatch(/\| `syscall_SYS_write` \| ☑ ⚠ ABI \| ☑ \|/);
    expect(md).toContain(`<summary>1 ABI mismatch(es)</summary>\n\n- \`syscall_SYS_write\` (x86_64) \`kernel/musl/sys.cpp:10\`: ${WRITE_ABI.message}`);
  });

  test('one finding kind: github annotates the definition, --fail-on abi fails on it, new-abi only when new', () => {
    const findings = coverageFindings(abi().report).filter((f) => f.kind === 'abi');
    expect(findings.map((f) => [f.symbol, f.arches, f.definition?.line, f.message])).toEqual([['syscall_SYS_write', ['x86_64'], 10, `syscall_SYS_write ${WRITE_ABI.message}`]]);
    expect(formatGithub(abi(), parseFailOn('abi')).text).toContain(`::error file=kernel/musl/sys.cpp,line=10,title=syscall_SYS_write%3A ABI::syscall_SYS_write ${WRITE_ABI.message} (x86_64)`);
    expect(applyPolicy(coverageFindings(abi().report), null, parseFailOn('abi'), ['x86_64', 'aarch64']).reasons).toEqual(['x86_64: 1 ABI mismatch(es)']);
    expect(applyPolicy(coverageFindings(abi().report), coverageFindings(abi().report), parseFailOn('new-abi'), ['x86_64', 'aarch64']).failed).toBe(false);
    expect(applyPolicy(coverageFindings(abi().report), coverageFindings(sampleReport()), parseFailOn('new-abi'), ['x86_64', 'aarch64']).reasons).toEqual([
      'x86_64: 1 new ABI mismatch(es) (syscall_SYS_write)',
    ]);
  });
});
