// The full-coverage case: the passthrough backend (passthrough.c + the committed table of the
// version and arch) defines every backend function real musl 1.2.5 needs, with matching arity
// and nothing stubbed — read by the same reader a kernel's backend goes through.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultBackendConfig, DEFAULT_PREFIX } from '../../../src/backend/config.js';
import { runCoverage } from '../../../src/backend/run.js';
import { scanSites } from '../../../src/backend/sites.js';
import { PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath } from '../../../src/kernel-backend/index.js';
import { muslTree } from '../musl-trees.js';

describe.each(['x86_64', 'i386', 'aarch64'])('passthrough backend against musl 1.2.5 on %s', (arch) => {
  test('0 missing, 0 stubs, 0 arity mismatches, nothing unneeded', async () => {
    const sites = await scanSites(await muslTree('1.2.5'), [arch], DEFAULT_PREFIX);
    const backendPaths = [path.join(PACKAGE_KERNEL_BACKEND_ROOT, 'passthrough', 'passthrough.c'), path.join(PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath('1.2.5', arch))];
    const run = await runCoverage({ version: '1.2.5', arches: [arch], sites, backendPaths, config: defaultBackendConfig() });
    const report = run.report.arches[0];
    expect(run.reading.warnings).toEqual([]);
    expect(report.entries.filter((e) => e.status !== 'implemented').map((e) => `${e.symbol}: ${e.status}`)).toEqual([]);
    expect(report.entries.filter((e) => e.arityMismatch).map((e) => e.symbol)).toEqual([]);
    expect(report.unneeded.map((s) => s.name)).toEqual([]);
    // The assembly-contract entries are read from passthrough.c's file-scope asm.
    expect(report.entries.find((e) => e.symbol === 'syscall_clone')?.status).toBe('implemented');
    expect(report.entries.find((e) => e.symbol === 'syscall_SYS_rt_sigreturn')?.status).toBe('implemented');
    expect(report.totals.needed).toBeGreaterThan(240);
  });
});
