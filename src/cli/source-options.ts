import { Option, type Command } from 'commander';
import type { FetchOptions } from '../source/index.js';
import { inputPath } from '../util/paths.js';

/** The options every verb that takes `<version|dir>` shares, so they read the same everywhere. */
export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--tarball <file>', 'use this musl release tarball (verified against the pinned sha256)', inputPath('file', '--tarball', 'pass the path of a musl release tarball (musl-VERSION.tar.gz)'))
    .addOption(
      new Option('--source <dir>', 'use this extracted musl tree as is').argParser(inputPath('dir', '--source', 'pass the top directory of an extracted musl release')).conflicts('tarball'),
    )
    .option('--sha256 <hex>', 'expected sha256 for a version without a pinned checksum')
    .option('--cache-dir <dir>', 'cache directory (default: $MUSL_PATCH_CACHE or $XDG_CACHE_HOME/musl-patch)')
    .option('--offline', 'use local sources only (files, cache, mirror directory, nix store)')
    .option('-v, --verbose', 'report each source tried');
}

export interface SourceCliOptions {
  tarball?: string;
  source?: string;
  sha256?: string;
  cacheDir?: string;
  offline?: boolean;
  verbose?: boolean;
}

export function fetchOptions(opts: SourceCliOptions): FetchOptions {
  return {
    tarball: opts.tarball,
    source: opts.source,
    sha256: opts.sha256,
    cacheDir: opts.cacheDir,
    offline: opts.offline,
    log: opts.verbose ? (msg) => process.stderr.write(`  ${msg}\n`) : undefined,
  };
}

/** `--arch x86_64,i386` → arch list; no value (or `all` where a verb has no wider set) → `all`. */
export function parseArchList(value: string | undefined, all: readonly string[]): string[] {
  if (!value || value === 'all') return [...all];
  return [...new Set(value.split(',').map((a) => a.trim()).filter(Boolean))];
}
