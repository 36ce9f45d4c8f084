// Every format of a report about one program: the chains from its calls to each problem, its own
// undefined symbols as their own finding kind, and what a change of the program does.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { afterAll, describe, expect, test } from 'vitest';
import { coverageFindings } from '../../../src/report/findings.js';
import { formatGithub } from '../../../src/report/github.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { applyPolicy, parseFailOn } from '../../../src/report/policy.js';
import { formatSarif } from '../../../src/report/sarif.js';
import { formatJson, readCoverageJson, type CoverageResult } from '../../../src/report/schema.js';
import { formatText } from '../../../src/report/text.js';
import { validSarif } from '../../helpers/sarif.js';
import { sampleAppReport } from './sample-app.js';

const result = (opts: Parameters<typeof sampleAppReport>[0] = {}): CoverageResult => ({ report: sampleAppReport(opts), warnings: [] });
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));

describe('text', () => {
  test('the program in the heading, its calls as "reached from", a chain per call for each problem', () => {
    const text = formatText(result({ withHelper: true }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('musl 1.2.5 — backend kernel/musl — program build/net.o (x86_64)');
    expect(lines.find((l) => l.startsWith('symbol'))).toMatch(/the program's calls$/);
    expect(lines.find((l) => l.startsWith('socketcall_sendto'))).toMatch(/MISSING\s+-\s+getaddrinfo, send$/);
    expect(text).toContain('x86_64: build/net.o linked against musl 1.2.5 patched (shipped series) without a backend: 103 libc.a members, 3 backend function(s) left to resolve');
    expect(lines).toContain('  socketcall_sendto: MISSING');
    expect(lines).toContain('    build/net.o: main → getaddrinfo → __lookup_name → sendto → socketcall_sendto');
    expect(lines).toContain('    build/net.o: main → send → sendto → socketcall_sendto');
    expect(lines).toContain('    start-up: crt1.o → __libc_start_main → exit → _Exit → syscall_SYS_exit_group');
    // Implemented needs have no chain unless --all asks.
    expect(text).not.toContain('→ syscall_SYS_writev');
    expect(formatText(result(), { all: true })).toContain('    build/net.o: main → printf → __stdout_FILE → __stdio_write → syscall_SYS_writev');
    expect(lines).toContain("  the program's own undefined symbols (not backend functions: its link fails without them):");
    expect(lines).toContain('    helper: build/net.o: main');
  });

  test('against a baseline: needs gained and lost, and the program\'s own new gaps', () => {
    const text = formatText(result({ withHelper: true }), { baseline: result({ withSend: false }) });
    expect(text).toContain('Against the baseline:\n  x86_64: + socketcall_sendto (newly needed: MISSING)\n  undefined in the program: + helper (x86_64)');
    expect(formatText(result({ withSend: false }), { baseline: result() })).toContain('  x86_64: − socketcall_sendto (no longer needed)');
    expect(formatText(result(), { baseline: result() })).toContain('  x86_64: no change');
  });
});

describe('json', () => {
  test('the app section is part of the versioned document and reads back unchanged', async () => {
    const text = formatJson(result({ withHelper: true }));
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'backend', 'arches', 'app', 'warnings']);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-app-'));
    scratch.push(dir);
    await writeFile(path.join(dir, 'app.json'), text);
    const back = await readCoverageJson(path.join(dir, 'app.json'));
    expect(back).toEqual(result({ withHelper: true }));
  });
});

describe('findings and --fail-on', () => {
  test("the program's undefined symbol is its own kind, with the places that refer to it", () => {
    const f = coverageFindings(result({ withHelper: true }).report).filter((x) => x.kind === 'undefined');
    expect(f).toEqual([
      { kind: 'undefined', symbol: 'helper', arches: ['x86_64'], definition: null, message: 'helper is referred to by the program and defined nowhere in its link (not a backend function)', reachedFrom: ['build/net.o: main'] },
    ]);
  });

  test('--fail-on missing fails on a missing need, not on the program\'s own gap; --fail-on undefined does', () => {
    const fail = (spec: string, r: CoverageResult) => applyPolicy(coverageFindings(r.report), null, parseFailOn(spec), ['x86_64']);
    expect(fail('missing', result())).toEqual({ failed: true, reasons: ['x86_64: 1 missing'], kinds: ['missing'] });
    expect(fail('missing', result({ withSend: false, withHelper: true })).failed).toBe(false);
    expect(fail('undefined', result({ withSend: false, withHelper: true }))).toEqual({ failed: true, reasons: ['x86_64: 1 undefined in the program'], kinds: ['undefined'] });
    expect(fail('stub', result({ withSend: false })).reasons).toEqual(['x86_64: 1 stub']);
  });
});

describe('markdown', () => {
  test('per arch the problems with the chains of the program\'s calls, its own gaps, and it renders', () => {
    const md = formatMarkdown(result({ withHelper: true }));
    expect(md).toContain('### musl-patch coverage: musl 1.2.5 — program `build/net.o` (x86_64)');
    expect(md).toContain('<summary>x86_64: 2 of the 3 backend function(s) the program needs are missing, stubbed or mismatched</summary>');
    expect(md).toContain('| ☒ | `socketcall_sendto` | `build/net.o: main → getaddrinfo → __lookup_name → sendto → socketcall_sendto`<br>`build/net.o: main → send → sendto → socketcall_sendto` |');
    expect(md).toContain('- `helper`: `build/net.o: main`');
    const html = marked.parse(md, { async: false }) as string;
    expect(html).toContain('<table>');
    expect(html).toContain('<code>build/net.o: main → send → sendto → socketcall_sendto</code>');
  });

  test('with a baseline: what changing the program changes comes first', () => {
    const md = formatMarkdown(result({ withHelper: true }), { baseline: result({ withSend: false }) });
    expect(md).toContain('**This change:** 0 newly needed and implemented · 0 no longer needed · 1 newly undefined in the program · 0 newly implemented · 0 new stub(s) · 1 newly missing');
    expect(md).toContain('| ☒ newly missing | `socketcall_sendto` | x86_64 | — |');
    expect(md).toContain('| ✗ newly undefined in the program | `helper` | x86_64 | — |');
    const lost = formatMarkdown(result({ withSend: false }), { baseline: result() });
    expect(lost).toContain('| ➖ no longer needed | `socketcall_sendto` | x86_64 |  |');
  });
});

describe('sarif and github', () => {
  test('SARIF 2.1.0: the program\'s gaps and its undefined symbol as results, each at its symbol', () => {
    const log = validSarif(formatSarif(result({ withHelper: true })));
    const results = log.runs[0].results.map((r: { ruleId: string; message: { text: string } }) => [r.ruleId, r.message.text]);
    expect(results).toEqual([
      ['missing', 'socketcall_sendto is not defined by the backend (x86_64), musl 1.2.5. Needed by getaddrinfo, send.'],
      ['stub', 'syscall_SYS_exit_group is a stub in the backend (x86_64), musl 1.2.5. Needed by (start-up).'],
      ['undefined', 'helper is referred to by the program and defined nowhere in its link (not a backend function) (x86_64), musl 1.2.5. Needed by build/net.o: main.'],
    ]);
  });

  test('GitHub: a program\'s findings are annotations of the run (the backend is not in its repository), besides those on definitions', () => {
    const { text } = formatGithub(result({ withHelper: true }), parseFailOn('missing'));
    expect(text.split('\n').filter(Boolean)).toEqual([
      '::error title=socketcall_sendto%3A missing::socketcall_sendto is not defined by the backend (x86_64); needed by getaddrinfo, send',
      '::warning file=kernel/musl/sys.cpp,line=12,title=syscall_SYS_exit_group%3A stub::syscall_SYS_exit_group is a stub in the backend (x86_64); needed by (start-up)',
      '::warning title=helper%3A undefined in the program::helper is referred to by the program and defined nowhere in its link (not a backend function) (x86_64); needed by build/net.o: main',
    ]);
  });
});
