// The coverage stage as one call: sites → needed set per arch → backend reading → CoverageReport.
import type { CoverageReport, MuslTree, SyscallSite } from '../model/index.js';
import { socketcallArities } from '../musl/index.js';
import type { BackendConfig } from './config.js';
import { computeCoverage } from './coverage.js';
import { neededSymbols, type NeededSymbol } from '../scan/index.js';
import { asmSiteFunctions } from '../rewrite/index.js';
import type { BackendPath } from './files.js';
import { readBackend, type BackendReading } from './reader.js';
import { typeSizer } from './type-sizes.js';

export interface CoverageRun {
  report: CoverageReport;
  reading: BackendReading;
}

export async function runCoverage(input: {
  version: string;
  arches: string[];
  sites: SyscallSite[];
  backendPaths: BackendPath[];
  config: BackendConfig;
  relativeTo?: string;
  /** The musl tree the sites come from: its sys/socket.h gives socket calls their Linux arity. Without it (sites read from JSON) arity is checked against the sites only. */
  tree?: MuslTree;
  /** Files under the backend paths not to read (the stubs file about to be regenerated). */
  exclude?: string[];
  /** Narrows what counts as needed on an arch (a program's link needs less than the whole libc). */
  select?: (arch: string, needed: Map<string, NeededSymbol>) => Map<string, NeededSymbol>;
}): Promise<CoverageRun> {
  const needed = new Map<string, Map<string, NeededSymbol>>();
  // The rewritten assembly calls backend functions too (clone, sigreturn): the rewrite's contract.
  const naming = input.config.naming;
  for (const arch of input.arches) {
    const sites = input.sites.filter((s) => s.arch === arch);
    const all = neededSymbols(sites, { asmReferences: asmSiteFunctions(arch, naming), naming });
    needed.set(arch, input.select ? input.select(arch, all) : all);
  }
  const allNeeded = new Set([...needed.values()].flatMap((n) => [...n.keys()]));
  const reading = await readBackend(input.backendPaths, input.config, { alsoNames: allNeeded, relativeTo: input.relativeTo, exclude: input.exclude });
  const naturalArity = input.tree ? await socketcallArities(input.tree, naming.socketcallPrefix) : undefined;
  // Types are sized as the backend's compiler sees them: musl's headers (when the tree is at hand) and its own typedefs.
  const typeSizers = new Map(input.arches.map((arch) => [arch, typeSizer(arch, input.tree ?? null, reading.typedefs)]));
  const report = computeCoverage({
    version: input.version,
    backend: input.backendPaths.map(backendPathLabel),
    needed,
    symbols: reading.symbols,
    naturalArity,
    typeSizers,
    dynamicSymbol: naming.dynamic,
  });
  return { report, reading };
}

/** How a backend path is named in reports: as given, with its arch limit when it has one. */
export function backendPathLabel(entry: BackendPath): string {
  return typeof entry === 'string' ? entry : entry.arches === null ? entry.path : `${entry.path} (${entry.arches.join(', ')})`;
}
