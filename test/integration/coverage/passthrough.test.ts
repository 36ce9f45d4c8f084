// The full-coverage case: the passthrough backend (passthrough.c + the committed table of the
// version and arch) defines every backend function real musl needs, with matching arity, nothing
// stubbed and every declared type what musl passes and reads (all `long`: no ABI finding) — read
// by the same reader a kernel's backend goes through.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { runCoverage } from '../../../src/backend/run.js';
import { scanSites } from '../../../src/backend/sites.js';
import { PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath } from '../../../src/rewrite/index.js';
import { SUPPORTED_ARCHES } from '../../../src/arch/index.js';
import { SUPPORTED_VERSIONS } from '../../../src/source/manifest.js';
import { muslTree } from '../musl-trees.js';

const CELLS = SUPPORTED_VERSIONS.flatMap((version) => SUPPORTED_ARCHES.map((arch) => [version, arch] as const));

describe.each(CELLS)('passthrough backend against musl %s on %s', (version, arch) => {
  test('0 missing, 0 stubs, 0 arity mismatches, 0 ABI mismatches, nothing unneeded', async () => {
    const tree = await muslTree(version);
    const sites = await scanSites(tree, [arch]);
    const backendPaths = [path.join(PACKAGE_KERNEL_BACKEND_ROOT, 'passthrough', 'passthrough.c'), path.join(PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath(version, arch))];
    const run = await runCoverage({ version, arches: [arch], sites, backendPaths, config: defaultBackendConfig(), tree });
    const report = run.report.arches[0];
    expect(run.reading.warnings).toEqual([]);
    expect(report.entries.filter((e) => e.status !== 'implemented').map((e) => `${e.symbol}: ${e.status}`)).toEqual([]);
    expect(report.entries.filter((e) => e.arityMismatch).map((e) => e.symbol)).toEqual([]);
    expect(report.entries.flatMap((e) => e.abi.map((f) => `${e.symbol}: ${f.message}`))).toEqual([]);
    expect(report.entries.flatMap((e) => e.abiUnknown)).toEqual([]);
    expect(report.unneeded.map((s) => s.name)).toEqual([]);
    // The assembly-contract entries are read from passthrough.c's file-scope asm.
    expect(report.entries.find((e) => e.symbol === 'syscall_clone')?.status).toBe('implemented');
    expect(report.entries.find((e) => e.symbol === 'syscall_SYS_rt_sigreturn')?.status).toBe('implemented');
    expect(report.totals.needed).toBeGreaterThan(230);
  });
});
