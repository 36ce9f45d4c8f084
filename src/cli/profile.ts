// The kernel profile on the command line: every verb that works on a musl version finds the nearest
// musl-patch.json above the current directory (or takes --config FILE, or none with --no-config)
// and takes its defaults from it; an option given on the command line always wins.

import type { Command } from 'commander';
import { UserError } from '../util/errors.js';
import type { BackendPath } from '../backend/index.js';
import { DEFAULT_CONFIGURE, type MuslConfigure } from '../musl/index.js';
import { profileBackend, profileConfigure, profilePatches, resolveProfile, type LoadedProfile } from '../profile/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';

export interface ProfileCliOptions {
  config?: string | false;
  withMalloc?: string;
  enableDebug?: boolean;
}

export function addProfileOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'the kernel profile (default: the nearest musl-patch.json at or above the current directory)')
    .option('--no-config', 'use no kernel profile');
}

/** configure options a verb that builds takes; they override the profile's. */
export function addConfigureOptions(cmd: Command): Command {
  return cmd
    .option('--with-malloc <dir>', "musl's allocator, as configure --with-malloc (default: the profile's, else mallocng)")
    .option('--enable-debug', 'configure musl with --enable-debug (default: the profile\'s)');
}

export function cliProfile(opts: ProfileCliOptions): LoadedProfile | null {
  return resolveProfile({ config: opts.config });
}

/** The musl version or tree a verb works on: the argument, else the profile's version. */
export function muslSpec(spec: string | undefined, profile: LoadedProfile | null, verb: string): string {
  if (spec) return spec;
  if (profile) return profile.profile.musl.version;
  throw new UserError(`${verb}: no musl version given and no musl-patch.json found`, `pass the version (e.g. musl-patch ${verb} 1.2.5), or run it in a kernel repository with a musl-patch.json (musl-patch init writes one)`);
}

/** Whether the user gave an option on the command line (not its default). */
export function given(command: Command, name: string): boolean {
  const source = command.getOptionValueSource(name);
  return source === 'cli' || source === 'env';
}

/** `--arch` as given, else the profile's arches, else the verb's default. */
export function profileArches(command: Command, arch: string | undefined, profile: LoadedProfile | null): string | undefined {
  if (given(command, 'arch') || !profile) return arch;
  return profile.profile.arches.join(',');
}

/** configure options: the command line's over the profile's over musl's defaults. */
export function profileConfigureOptions(opts: ProfileCliOptions, profile: LoadedProfile | null): MuslConfigure {
  const base = profile ? profileConfigure(profile) : DEFAULT_CONFIGURE;
  return { ...base, ...(opts.withMalloc ? { malloc: opts.withMalloc } : {}), ...(opts.enableDebug ? { debug: true } : {}) };
}

/** The kernel's own patches from the profile (absolute); none without one. */
export function profileKernelPatches(profile: LoadedProfile | null): string[] {
  return profile ? profilePatches(profile) : [];
}

/** Backend paths: `--backend` as given, else the profile's common and per-arch directories. */
export function profileBackendPaths(backend: string[] | undefined, profile: LoadedProfile | null): BackendPath[] {
  if (backend && backend.length > 0) return backend;
  return profile ? profileBackend(profile) : [];
}

/** The profile's naming (default: IncludeOS's), for options the command line did not give. */
export function profileNaming(profile: LoadedProfile | null): BackendNaming {
  return { ...DEFAULT_NAMING, ...(profile?.profile.naming ?? {}) };
}
