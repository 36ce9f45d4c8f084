import path from 'node:path';
// `musl-patch sync`: does musl-includeos build the musl version nixpkgs' pkgsStatic uses?
// With --write, moves the derivation to that version. Argument handling only; the work is in src/nix.

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError } from '../../util/errors.js';
import { bumpDerivation, collectDrift, formatBump, formatDrift, nixAccepts, type BumpDeps } from '../../nix/index.js';
import { extractTarballSafely, fetchTarball } from '../../source/index.js';
import { inputPath } from '../../util/paths.js';

interface SyncFlags {
  nixpkgs?: string;
  pinned?: string;
  derivation?: string;
  patches: string;
  eval: boolean;
  json?: boolean;
  write?: boolean;
  force?: boolean;
  cacheDir?: string;
  offline?: boolean;
  verbose?: boolean;
}

/** IncludeOS's layout, used when the flags are not given and the files exist here. */
const DEFAULT_PINNED = 'pinned.nix';
const DEFAULT_DERIVATION = 'deps/musl/default.nix';

// The rewrite stage owns series generation; loaded lazily so `sync` without --write never pays for it.
async function loadRegenerateSeries(): Promise<BumpDeps['regenerateSeries']> {
  const { regenerateSeries } = await import('../../rewrite/index.js');
  return (version, patchesRoot) => regenerateSeries(version, { outDir: path.resolve(patchesRoot, version) });
}

function fixCommand(flags: SyncFlags, derivation: string | null): string {
  const parts = ['musl-patch sync'];
  if (flags.nixpkgs) parts.push(`--nixpkgs ${flags.nixpkgs}`);
  if (flags.pinned) parts.push(`--pinned ${flags.pinned}`);
  if (derivation) parts.push(`--derivation ${derivation}`);
  if (flags.patches !== 'musl-patches') parts.push(`--patches ${flags.patches}`);
  parts.push('--write');
  return parts.join(' ');
}

export async function runSync(flags: SyncFlags): Promise<number> {
  if (!flags.nixpkgs && !flags.pinned) {
    if (!existsSync(DEFAULT_PINNED)) throw new UserError('no nixpkgs given', `pass --nixpkgs PATH or --pinned FILE (or run where ${DEFAULT_PINNED} is)`);
    flags.pinned = DEFAULT_PINNED;
  }
  const derivation = flags.derivation ?? (existsSync(DEFAULT_DERIVATION) ? DEFAULT_DERIVATION : null);
  if (flags.derivation && !existsSync(flags.derivation)) throw new UserError(`--derivation ${flags.derivation} does not exist`, 'pass the musl-includeos derivation file (IncludeOS: deps/musl/default.nix)');
  if (flags.write && !derivation) throw new UserError('--write needs a derivation to rewrite', `pass --derivation FILE (IncludeOS: ${DEFAULT_DERIVATION})`);

  const report = await collectDrift({ nixpkgs: flags.nixpkgs, pinned: flags.pinned, derivation, patchesRoot: flags.patches, method: flags.eval ? 'auto' : 'text' });
  const log = flags.verbose ? (msg: string) => process.stderr.write(`${msg}\n`) : undefined;

  if (!flags.write) {
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDrift(report, fixCommand(flags, derivation))}\n`);
    return report.drift ? 1 : 0;
  }

  const regenerateSeries = await loadRegenerateSeries();
  const result = await bumpDerivation(
    { derivation: derivation!, nixpkgs: report.nixpkgs, patchesRoot: flags.patches, force: flags.force },
    {
      fetchTarball: (version) => fetchTarball(version, { cacheDir: flags.cacheDir, offline: flags.offline, log }),
      regenerateSeries,
      extract: extractTarballSafely,
      nixParse: (file) => nixAccepts(file),
    },
  );
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ drift: report, result }, null, 2)}\n`);
  } else if (!result) {
    process.stdout.write(`in sync: ${derivation} already builds musl ${report.nixpkgs.version}; nothing written (--force rewrites anyway)\n`);
  } else {
    process.stdout.write(`${formatBump(result)}\n`);
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('sync')
    .description("report drift between nixpkgs' pkgsStatic musl and the musl-includeos derivation; --write moves the derivation to nixpkgs' version")
    .option('--nixpkgs <path>', 'a nixpkgs checkout (or a file evaluating to nixpkgs)', inputPath('file-or-dir', '--nixpkgs', 'pass a nixpkgs checkout or a file evaluating to nixpkgs'))
    .option('--pinned <file>', `a file importing a pinned nixpkgs (default: ./${DEFAULT_PINNED} when present)`, inputPath('file', '--pinned', 'pass the file that imports the pinned nixpkgs (IncludeOS: pinned.nix)'))
    .option('--derivation <file>', `the musl-includeos derivation (default: ./${DEFAULT_DERIVATION} when present)`, inputPath('file', '--derivation', 'pass the musl-includeos derivation file (IncludeOS: deps/musl/default.nix)'))
    .option('--patches <dir>', 'where patch series live (<dir>/<version>/series)', 'musl-patches')
    .option('--no-eval', 'read the Nix files as text; do not run nix-instantiate')
    .option('--json', 'print the collected data as JSON')
    .option('--write', "fetch and verify nixpkgs' musl version, regenerate its series, rewrite the derivation")
    .option('--force', 'with --write: rewrite even when the versions already agree')
    .option('--cache-dir <dir>', 'musl-patch cache (tarballs, trees)')
    .option('--offline', 'with --write: use local sources only for the tarball')
    .option('--verbose', 'log where the tarball came from')
    .action(async (flags: SyncFlags) => {
      process.exitCode = await runSync(flags);
    });
}
