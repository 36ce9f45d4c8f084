// SARIF output validated against the official SARIF 2.1.0 schema (test/helpers/sarif.ts): no network.
import { describe, expect, test } from 'vitest';
import { formatSarif } from '../../../src/report/sarif.js';
import type { CoverageResult } from '../../../src/report/schema.js';
import { validateSarif as validate, validSarif as valid } from '../../helpers/sarif.js';
import { sampleReport } from './sample-report.js';

const result = (): CoverageResult => ({ report: sampleReport(), warnings: [] });

describe('sarif', () => {
  test('the schema rejects what it must (the validator is live)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    const run = (level: string) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level }] }] });
    expect(validate(run('warning'))).toBe(true);
    expect(validate(run('fatal'))).toBe(false);
  });

  test('valid SARIF 2.1.0: one rule per finding kind, results at the definitions, missing symbols without a file', () => {
    const log = valid(formatSarif(result()));
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('musl-patch');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['missing', 'stub', 'arity', 'abi', 'undefined', 'duplicate']);
    const summary = run.results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation?.artifactLocation.uri ?? null, r.locations[0].physicalLocation?.region.startLine ?? null, r.properties.arches.join(',')]);
    expect(summary).toEqual([
      ['missing', 'error', null, null, 'x86_64,aarch64'],
      ['stub', 'warning', 'kernel/musl/sys.cpp', 30, 'x86_64,aarch64'],
      ['missing', 'error', null, null, 'x86_64'],
      ['arity', 'error', 'kernel/musl/sys.cpp', 20, 'x86_64,aarch64'],
    ]);
    expect(run.results[0].locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'syscall_SYS_acct', kind: 'function' }]);
    expect(run.results[3].message.text).toBe('syscall_SYS_read takes 2 parameter(s); musl passes 3 (x86_64, aarch64), musl 1.2.5. Needed by read.');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test('missing symbols at the profile file when given; results new against a baseline are marked', () => {
    const base = result();
    // The baseline had syscall_SYS_open implemented on x86_64: now missing, a new finding.
    const x86 = base.report.arches[0];
    x86.entries = x86.entries.map((e) => (e.symbol === 'syscall_SYS_open' ? { ...e, status: 'implemented', definition: { ...x86.entries[3].definition!, name: 'syscall_SYS_open' } } : e));
    const log = valid(formatSarif(result(), { baseline: base, anchorFile: 'musl-patch.json' }));
    const byRule = log.runs[0].results.map((r: any) => [r.properties.symbol, r.ruleId, r.properties.new, r.locations[0].physicalLocation.artifactLocation.uri]);
    expect(byRule).toEqual([
      ['syscall_SYS_acct', 'missing', false, 'musl-patch.json'],
      ['syscall_SYS_mlock', 'stub', false, 'kernel/musl/sys.cpp'],
      ['syscall_SYS_open', 'missing', true, 'musl-patch.json'],
      ['syscall_SYS_read', 'arity', false, 'kernel/musl/sys.cpp'],
    ]);
  });

  test('a definition outside the checkout (absolute path) gets no physical location, never a machine path', () => {
    const r = result();
    for (const a of r.report.arches) for (const e of a.entries) if (e.definition) e.definition = { ...e.definition, file: '/home/me/kernel/sys.cpp' };
    const text = formatSarif(r);
    valid(text);
    expect(text).not.toContain('/home/me');
  });
});

describe('sarif: ABI', () => {
  test('an ABI mismatch is a result of the abi rule at the definition', () => {
    const log = valid(formatSarif({ report: sampleReport({ abi: true }), warnings: [] }));
    const abi = log.runs[0].results.filter((r: any) => r.ruleId === 'abi');
    expect(abi.map((r: any) => [r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.properties.arches])).toEqual([
      ['error', 'kernel/musl/sys.cpp', 10, ['x86_64']],
    ]);
  });
});
