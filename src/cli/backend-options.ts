import type { Command } from 'commander';
import { defaultBackendConfig, DEFAULT_STUB_MARKERS, readSitesJson, runAppCoverage, runCoverage, scanSites, type BackendConfig, type CoverageRun } from '../backend/index.js';
import { type MuslTree } from '../model/index.js';
import { SUPPORTED_ARCHES } from '../arch/index.js';
import { isVersion, resolveMuslTree } from '../source/index.js';
import { UserError } from '../util/errors.js';
import { inputPath } from '../util/paths.js';
import { addNamingOptions, namingFrom, type NamingCliOptions } from './naming-options.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from './source-options.js';
import type { BackendPath } from '../backend/index.js';
import type { BackendNaming } from '../model/naming.js';
import type { LoadedProfile } from '../profile/index.js';
import { addProfileOptions, cliProfile, muslSpec, profileArches, profileBackendPaths, profileConfigureOptions, profileKernelPatches, profileNaming, type ProfileCliOptions } from './profile.js';

/** Options shared by `coverage` and `stubs`: which musl, which backend, how to read it. */
export interface BackendCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  backend?: string[];
  arch?: string;
  sites?: string;
  stubMarker?: string[];
  macro?: string[];
  extraSymbol?: string[];
}

export function addBackendOptions(cmd: Command): Command {
  return addNamingOptions(addProfileOptions(addSourceOptions(cmd)), { legacyPrefix: true })
    .option('--with-malloc <dir>', "the allocator musl is configured with, as configure --with-malloc (default: the profile's, else mallocng)")
    .option(
      '--backend <path...>',
      "the kernel's syscall backend: directories (walked for C/C++ files; a directory named after an arch counts for that arch only) or files (default: the profile's)",
      inputPath('file-or-dir', '--backend', "pass the kernel's syscall layer: directories or C/C++ files", true),
    )
    .option('--arch <list>', `arches, comma separated, or 'all' (${SUPPORTED_ARCHES.join(',')}; default: the profile's)`, 'all')
    .option('--sites <file>', 'syscall sites from `musl-patch scan --json` instead of scanning the tree', inputPath('file', '--sites', 'pass the JSON file `musl-patch scan --json -o FILE` wrote'))
    .option('--stub-marker <name...>', `calls that mark a body as a stub (default: ${DEFAULT_STUB_MARKERS.join(', ')})`)
    .option('--macro <def...>', "a macro that expands to definitions, as NAME(x)=body (the backend's own #defines are found)")
    .option('--extra-symbol <name...>', 'more exact names that are backend symbols');
}

export function backendConfig(opts: BackendCliOptions, naming: BackendNaming = namingFrom(opts)): BackendConfig {
  return defaultBackendConfig({
    naming,
    stubMarkers: opts.stubMarker,
    macros: opts.macro,
    extraSymbols: opts.extraSymbol ? [...defaultBackendConfig().extraSymbols, ...opts.extraSymbol] : undefined,
  });
}

/** The verb's inputs with the kernel profile's defaults under the command line's options. */
export interface BackendContext {
  spec: string;
  backend: BackendPath[];
  /** Where report paths are relative to: the profile's root when its backend is used. */
  relativeTo?: string;
  malloc?: string;
  /** The command line's naming over the profile's. */
  naming: BackendNaming;
  profile: LoadedProfile | null;
}

export function backendContext(specArg: string | undefined, opts: BackendCliOptions, command: Command, verb: string): BackendContext {
  const profile = cliProfile(opts);
  const spec = muslSpec(specArg, profile, verb);
  opts.arch = profileArches(command, opts.arch, profile);
  const fromProfile = !opts.backend?.length && profile !== null;
  return {
    spec,
    backend: profileBackendPaths(opts.backend, profile),
    relativeTo: fromProfile ? profile.root : undefined,
    malloc: profileConfigureOptions(opts, profile).malloc,
    naming: namingFrom(opts, profileNaming(profile)),
    profile,
  };
}

/** Resolves musl (unless sites come from a file), gets the sites and computes coverage. */
export async function coverageFromCli(ctx: BackendContext, opts: BackendCliOptions, exclude: string[] = []): Promise<CoverageRun & { muslRoot: string | null }> {
  const { spec } = ctx;
  requireBackend(ctx);
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
    sites = await scanSites(tree, arches, ctx.naming, ctx.malloc);
  }
  const run = await runCoverage({ version, arches, sites, backendPaths: ctx.backend, config: backendConfig(opts, ctx.naming), tree, exclude, relativeTo: ctx.relativeTo });
  return { ...run, muslRoot };
}

/** `coverage --app`: the program's files against the patched libc of the version (arches from its ELF headers unless --arch names them). */
export async function appCoverageFromCli(ctx: BackendContext, opts: BackendCliOptions, files: string[]): Promise<CoverageRun> {
  const { spec } = ctx;
  requireBackend(ctx);
  if (opts.sites) throw new UserError('--app links the program against the patched libc and scans its tree itself', 'leave out --sites');
  const tree = await resolveMuslTree(spec, fetchOptions(opts));
  const arches = opts.arch && opts.arch !== 'all' ? parseArchList(opts.arch, SUPPORTED_ARCHES) : null;
  return runAppCoverage({
    tree, files, arches, backendPaths: ctx.backend, config: backendConfig(opts, ctx.naming), cacheRoot: opts.cacheDir, relativeTo: ctx.relativeTo,
    // The libc the kernel really builds: the profile's configure options and patches.
    configure: profileConfigureOptions(opts, ctx.profile), patches: profileKernelPatches(ctx.profile),
  });
}

function requireBackend(ctx: BackendContext): void {
  if (ctx.backend.length > 0) return;
  throw new UserError('no backend given', "pass --backend DIR (the kernel's syscall layer), e.g. --backend src/musl, or list it in musl-patch.json (musl-patch init)");
}

/** What an output of coverage or stubs may not overwrite: the musl tree given as a directory, the files read. */
export function backendInputs(spec: string, opts: BackendCliOptions & { baseline?: string; fromJson?: string; prototypes?: string[] }): { inputs: string[]; inputFiles: string[] } {
  const files = [opts.sites, opts.baseline, opts.fromJson, ...(opts.prototypes ?? []), ...(opts.backend ?? [])].filter((f): f is string => Boolean(f));
  return { inputs: isVersion(spec) ? [] : [spec], inputFiles: files };
}
