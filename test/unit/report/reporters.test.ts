import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { coverageDelta, hasChanges } from '../../../src/report/delta.js';
import { formatGithub } from '../../../src/report/github.js';
import { marked } from 'marked';
import { COMMENT_MARKER, formatMarkdown } from '../../../src/report/markdown.js';
import { applyPolicy, parseFailOn } from '../../../src/report/policy.js';
import { COVERAGE_FORMAT, formatJson, readCoverageJson } from '../../../src/report/schema.js';
import { formatText } from '../../../src/report/text.js';
import { sampleReport } from './sample-report.js';

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
    expect(lines).toContain('x86_64        5            2     1        2      1         1');
    expect(lines).toContain('aarch64       4            2     1        1      1         1');
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
        [{ symbol: 'syscall_SYS_open', from: 'implemented', to: 'missing', arity: null }],
        [{ symbol: 'syscall_SYS_write', from: 'stub', to: 'implemented', arity: null }],
        [{ symbol: 'syscall_SYS_read', from: 'implemented', to: 'implemented', arity: 'broken' }],
      ],
      ['aarch64', [{ symbol: 'syscall_SYS_acct', from: 'unneeded', to: 'missing', arity: null }], [], []],
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
  test('totals, matrix rows with marks, collapsible sections', () => {
    const md = formatMarkdown(result());
    expect(md.startsWith(`${COMMENT_MARKER}\n### musl-patch coverage: musl 1.2.5\n`)).toBe(true);
    expect(md).toContain('| x86_64 | 5 | 2 | 1 | 2 | 1 |');
    expect(md).toContain('| `syscall_SYS_open` | ☒ | – | — | fopen, open, tmpfile |');
    expect(md).toContain('| `syscall_SYS_mlock` | ▣ | ▣ | `kernel/musl/sys.cpp:30` | mlock |');
    expect(md).toContain('| `syscall_SYS_read` | ☑ ⚠ 2≠3 | ☑ ⚠ 2≠3 | `kernel/musl/sys.cpp:20` | read |');
    expect(md).toContain('<details open>\n<summary>4 symbol(s) missing, stubbed or with a wrong arity</summary>\n\n| symbol | x86_64 | aarch64 |');
    expect(md).toContain('<details>\n<summary>1 symbol(s) implemented on every arch that needs them</summary>');
    expect(md).toContain('- `kernel/musl/bad.cpp:4`: could not parse line(s) 4');
    expect(md).not.toContain('Against the baseline');
  });

  test('with a baseline: signed changes in the totals and the delta sections', () => {
    const before = sampleReport();
    const open = before.arches[0].entries.find((e) => e.symbol === 'syscall_SYS_open')!;
    open.status = 'implemented';
    before.arches[0].totals = { ...before.arches[0].totals, implemented: 3, missing: 1 };
    const md = formatMarkdown(result(), coverageDelta(before, sampleReport()));
    expect(md).toContain('| x86_64 | 5 | 2 (−1) | 1 | 2 (+1) | 1 |');
    expect(md).toContain('**Against the baseline:** 1 newly missing, 0 newly implemented, 0 other change(s).');
    expect(md).toContain('| `syscall_SYS_open` | x86_64 | ☑ implemented | ☒ missing |');
  });

  test('renders (GitHub-flavoured Markdown, marked) as a PR comment: heading, tables, collapsible sections', () => {
    const html = marked.parse(formatMarkdown(result()), { gfm: true, async: false }) as string;
    expect(html).toMatch(/<h3[^>]*>musl-patch coverage: musl 1.2.5<\/h3>/);
    // Every table became a table: no Markdown table line leaks into the page as text.
    expect(html.split('\n').filter((l) => l.trimStart().startsWith('|'))).toEqual([]);
    expect(html.match(/<table>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('<th>arch</th>');
    expect(html).toContain('<td>x86_64</td>');
    expect(html).toContain('<td><code>syscall_SYS_read</code></td>');
    // The problem table sits inside its open <details>, under its summary.
    const problems = html.slice(html.indexOf('<details open>'), html.indexOf('</details>'));
    expect(problems).toContain('<summary>4 symbol(s) missing, stubbed or with a wrong arity</summary>');
    expect(problems).toContain('<table>');
    expect(problems).toContain('<td align="center">☑ ⚠ 2≠3</td>');
  });

  test('stays under the comment size limit by leaving out implemented rows', () => {
    const big = sampleReport();
    const template = big.arches[0].entries.find((e) => e.symbol === 'syscall_SYS_write')!;
    for (let i = 0; i < 1500; i++) big.arches[0].entries.push({ ...template, symbol: `syscall_SYS_fine_${String(i).padStart(4, '0')}` });
    const md = formatMarkdown({ report: big, warnings: [] });
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain('_1501 implemented symbol(s) left out');
    expect(md).toContain('| `syscall_SYS_open` | ☒ |');
  });
});

describe('github', () => {
  test('annotations point at musl sites (missing) and backend definitions (stub, arity); levels follow --fail-on', () => {
    const lines = formatGithub(result(), parseFailOn('missing'), { muslPrefix: 'musl/' }).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=musl/src/x/syscall_SYS_acct.c,line=7,title=syscall_SYS_acct missing::syscall_SYS_acct is not defined by the backend (x86_64, aarch64); needed by acct',
      '::warning file=kernel/musl/sys.cpp,line=30,title=syscall_SYS_mlock stub::syscall_SYS_mlock is a stub in the backend (x86_64, aarch64); needed by mlock',
      '::error file=musl/src/x/syscall_SYS_open.c,line=7,title=syscall_SYS_open missing::syscall_SYS_open is not defined by the backend (x86_64); needed by fopen, open, tmpfile',
      '::warning file=kernel/musl/sys.cpp,line=20,title=syscall_SYS_read arity::syscall_SYS_read takes 2 parameter(s); the call needs x86_64: 3, aarch64: 3',
      '::warning file=kernel/musl/bad.cpp,line=4,title=backend reader::could not parse line(s) 4',
    ]);
    const strict = formatGithub(result(), parseFailOn('stub,arity'));
    expect(strict).toContain('::error file=kernel/musl/sys.cpp,line=30,title=syscall_SYS_mlock stub::');
    expect(strict).toContain('::error file=kernel/musl/sys.cpp,line=20,title=syscall_SYS_read arity::');
  });

  test('escapes workflow-command metacharacters', () => {
    const out = formatGithub({ report: { version: '1', backend: [], arches: [] }, warnings: [{ file: 'a,b:c.cpp', line: null, message: '100% broken\nreally' }] }, new Set());
    expect(out).toBe('::warning file=a%2Cb%3Ac.cpp,line=1,title=backend reader::100%25 broken%0Areally\n');
  });
});

describe('policy', () => {
  test('parses levels and lists; stub implies missing; none disables', () => {
    expect([...parseFailOn('missing')]).toEqual(['missing']);
    expect([...parseFailOn('stub')].sort()).toEqual(['missing', 'stub']);
    expect([...parseFailOn('arity,missing')].sort()).toEqual(['arity', 'missing']);
    expect([...parseFailOn('none')]).toEqual([]);
    expect(() => parseFailOn('everything')).toThrow(/--fail-on 'everything' is not understood/);
  });

  test('fails with one reason per arch and category', () => {
    expect(applyPolicy(sampleReport(), parseFailOn('missing'))).toEqual({ failed: true, reasons: ['x86_64: 2 missing', 'aarch64: 1 missing'] });
    expect(applyPolicy(sampleReport(), parseFailOn('arity')).reasons).toEqual(['x86_64: 1 arity mismatch(es)', 'aarch64: 1 arity mismatch(es)']);
    expect(applyPolicy(sampleReport(), parseFailOn('none'))).toEqual({ failed: false, reasons: [] });
  });
});
