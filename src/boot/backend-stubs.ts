// The ring-0 kernel's backend goes through the product's own stages, as a kernel's would:
// coverage of kernel-backend/ring0 against what musl <version> needs on the arch, then the
// `musl-patch stubs` generator for every missing function (-ENOSYS through RING0_STUB).
import path from 'node:path';
import { type CoverageRun, DEFAULT_STUB_MARKERS, defaultBackendConfig, generateStubs, runCoverage, scanSites } from '../backend/index.js';
import { resolveMuslTree } from '../source/index.js';
import { archTools, RING0_DIR } from './toolchain.js';
import type { BootArch } from './types.js';

export const RING0_STUB_MARKER = 'RING0_STUB';

/** The C sources of the ring-0 backend for an arch, plus its header (prototypes). */
export function ring0BackendFiles(arch: BootArch): string[] {
  const sources = archTools(arch).kernelSources.filter((s) => s.endsWith('.c'));
  return [...sources, 'common/ring0.h'].map((s) => path.join(RING0_DIR, s));
}

export async function ring0Coverage(version: string, arch: BootArch, extraFiles: string[] = []): Promise<CoverageRun> {
  const tree = await resolveMuslTree(version);
  const sites = await scanSites(tree, [arch]);
  return runCoverage({
    version,
    arches: [arch],
    sites,
    backendPaths: [...ring0BackendFiles(arch), ...extraFiles],
    config: defaultBackendConfig({ stubMarkers: [...DEFAULT_STUB_MARKERS, RING0_STUB_MARKER, 'ring0_enosys'] }),
    tree,
    relativeTo: RING0_DIR,
  });
}

/** Stubs for what the ring-0 backend lacks, and their names. */
export async function ring0Stubs(version: string, arch: BootArch): Promise<{ source: string; stubbed: string[] }> {
  const run = await ring0Coverage(version, arch);
  const stubbed = run.report.arches[0].entries.filter((e) => e.status === 'missing').map((e) => e.symbol);
  const source = generateStubs(run.report, {
    lang: 'c',
    marker: RING0_STUB_MARKER,
    includes: [path.join(RING0_DIR, 'common', 'ring0.h')],
    prototypes: run.reading.prototypes,
  });
  return { source, stubbed };
}
