import type { Command } from 'commander';
import { defaultBackendConfig, DEFAULT_STUB_MARKERS, readSitesJson, runAppCoverage, runCoverage, scanSites, type BackendConfig, type CoverageRun } from '../backend/index.js';
import { type MuslTree } from '../model/index.js';
import { SUPPORTED_ARCHES } from '../arch/index.js';
import { isVersion, resolveMuslTree } from '../source/index.js';
import { UserError } from '../util/errors.js';
import { inputPath } from '../util/paths.js';
import { addNamingOptions, namingFrom, type NamingCliOptions } from './naming-options.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from './source-options.js';

/** Options shared by `coverage` and `stubs`: which musl, which backend, how to read it. */
export interface BackendCliOptions extends SourceCliOptions, NamingCliOptions {
  backend?: string[];
  arch?: string;
  sites?: string;
  stubMarker?: string[];
  macro?: string[];
  extraSymbol?: string[];
}

export function addBackendOptions(cmd: Command): Command {
  return addNamingOptions(addSourceOptions(cmd), { legacyPrefix: true })
    .option('--backend <path...>', "the kernel's syscall backend: directories (walked for C/C++ files) or files", inputPath('file-or-dir', '--backend', "pass the kernel's syscall layer: directories or C/C++ files", true))
    .option('--arch <list>', `arches, comma separated, or 'all' (${SUPPORTED_ARCHES.join(',')})`, 'all')
    .option('--sites <file>', 'syscall sites from `musl-patch scan --json` instead of scanning the tree', inputPath('file', '--sites', 'pass the JSON file `musl-patch scan --json -o FILE` wrote'))
    .option('--stub-marker <name...>', `calls that mark a body as a stub (default: ${DEFAULT_STUB_MARKERS.join(', ')})`)
    .option('--macro <def...>', "a macro that expands to definitions, as NAME(x)=body (the backend's own #defines are found)")
    .option('--extra-symbol <name...>', 'more exact names that are backend symbols');
}

export function backendConfig(opts: BackendCliOptions): BackendConfig {
  return defaultBackendConfig({
    naming: namingFrom(opts),
    stubMarkers: opts.stubMarker,
    macros: opts.macro,
    extraSymbols: opts.extraSymbol ? [...defaultBackendConfig().extraSymbols, ...opts.extraSymbol] : undefined,
  });
}

/** Resolves musl (unless sites come from a file), gets the sites and computes coverage. */
export async function coverageFromCli(spec: string, opts: BackendCliOptions, exclude: string[] = []): Promise<CoverageRun & { muslRoot: string | null }> {
  if (!opts.backend || opts.backend.length === 0) {
    throw new UserError('no backend given', "pass --backend DIR (the kernel's syscall layer), e.g. --backend src/musl");
  }
  const arches = parseArchList(opts.arch, SUPPORTED_ARCHES);
  let version = spec;
  let muslRoot: string | null = null;
  let tree: MuslTree | undefined;
  let sites;
  if (opts.sites) {
    if (!isVersion(spec)) throw new UserError(`with --sites, '${spec}' must be the musl version the sites came from`, 'give it as e.g. 1.2.5');
    sites = await readSitesJson(opts.sites);
  } else {
    tree = await resolveMuslTree(spec, fetchOptions(opts));
    version = tree.version;
    muslRoot = tree.root;
    sites = await scanSites(tree, arches, namingFrom(opts));
  }
  const run = await runCoverage({ version, arches, sites, backendPaths: opts.backend, config: backendConfig(opts), tree, exclude });
  return { ...run, muslRoot };
}

/** `coverage --app`: the program's files against the patched libc of the version (arches from its ELF headers unless --arch names them). */
export async function appCoverageFromCli(spec: string, opts: BackendCliOptions, files: string[]): Promise<CoverageRun> {
  if (!opts.backend || opts.backend.length === 0) {
    throw new UserError('no backend given', "pass --backend DIR (the kernel's syscall layer), e.g. --backend src/musl");
  }
  if (opts.sites) throw new UserError('--app links the program against the patched libc and scans its tree itself', 'leave out --sites');
  const tree = await resolveMuslTree(spec, fetchOptions(opts));
  const arches = opts.arch && opts.arch !== 'all' ? parseArchList(opts.arch, SUPPORTED_ARCHES) : null;
  return runAppCoverage({ tree, files, arches, backendPaths: opts.backend, config: backendConfig(opts), cacheRoot: opts.cacheDir });
}

/** What an output of coverage or stubs may not overwrite: the musl tree given as a directory, the files read. */
export function backendInputs(spec: string, opts: BackendCliOptions & { baseline?: string; fromJson?: string; prototypes?: string[] }): { inputs: string[]; inputFiles: string[] } {
  const files = [opts.sites, opts.baseline, opts.fromJson, ...(opts.prototypes ?? []), ...(opts.backend ?? [])].filter((f): f is string => Boolean(f));
  return { inputs: isVersion(spec) ? [] : [spec], inputFiles: files };
}
