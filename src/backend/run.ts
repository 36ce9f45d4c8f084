// The coverage stage as one call: sites → needed set per arch → backend reading → CoverageReport.
import type { CoverageReport, SyscallSite } from '../model.js';
import type { BackendConfig } from './config.js';
import { computeCoverage } from './coverage.js';
import { neededFromSites, type NeededSymbols } from './needed.js';
import { readBackend, type BackendReading } from './reader.js';

export interface CoverageRun {
  report: CoverageReport;
  reading: BackendReading;
}

export async function runCoverage(input: {
  version: string;
  arches: string[];
  sites: SyscallSite[];
  backendPaths: string[];
  config: BackendConfig;
  relativeTo?: string;
}): Promise<CoverageRun> {
  const needed = new Map<string, NeededSymbols>();
  for (const arch of input.arches) needed.set(arch, neededFromSites(input.sites.filter((s) => s.arch === arch)));
  const allNeeded = new Set([...needed.values()].flatMap((n) => [...n.keys()]));
  const reading = await readBackend(input.backendPaths, input.config, { alsoNames: allNeeded, relativeTo: input.relativeTo });
  const report = computeCoverage({ version: input.version, backend: input.backendPaths, needed, symbols: reading.symbols });
  return { report, reading };
}
