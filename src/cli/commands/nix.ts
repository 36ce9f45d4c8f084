// `musl-patch nix <version>`: print or write a musl-includeos derivation for the version's series.

import type { Command } from 'commander';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import { emitDerivation, nixAccepts, readSeries, type NixRunOptions } from '../../nix/index.js';
import { isVersion, PINNED_SHA256, sriFromHex } from '../../source/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { release, tempBeside } from '../../util/temp.js';

interface NixFlags {
  out?: string;
  patches: string;
  sha256?: string;
  force?: boolean;
}

/** `nix` runs the guard's nix-instantiate (tests point it elsewhere). */
export async function runNix(version: string, flags: NixFlags, nix: NixRunOptions = {}): Promise<void> {
  if (!isVersion(version)) throw new UserError(`'${version}' is not a musl version`, 'give a release number such as 1.2.5');
  const sha = flags.sha256?.toLowerCase() ?? PINNED_SHA256[version];
  if (!sha) throw new UserError(`musl ${version} has no pinned checksum`, 'pass --sha256 HEX of the release tarball from a source you trust');
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new UserError(`--sha256 '${flags.sha256}' is not 64 hex digits`, 'pass the sha256 of the release tarball');
  const series = readSeries(flags.patches, version);
  if (!series) throw new UserError(`no patch series for musl ${version} in ${resolve(flags.patches, version)}`, `generate the series for ${version} first, or pass --patches DIR`);

  const outFile = flags.out ? claimOutputFile(flags.out, { label: '--out', force: flags.force, inputs: [series.dir] }) : null;
  const outDir = outFile ? dirname(outFile) : process.cwd();
  const text = emitDerivation({
    version,
    sri: sriFromHex(sha),
    patches: series.patches,
    outDir,
    seriesLabel: `${relative(outDir, series.dir) || '.'}/series`,
  });
  if (!outFile) {
    process.stdout.write(text);
    return;
  }
  // nix-instantiate checks the text before it replaces anything.
  await mkdir(outDir, { recursive: true });
  const check = tempBeside(outFile);
  try {
    await writeFile(check, text);
    await nixAccepts(check, nix).catch((err: Error) => {
      throw new UserError(`nix-instantiate rejects the generated derivation: ${err.message}`, 'nothing was written; report this as a musl-patch bug');
    });
  } finally {
    await rm(check, { force: true });
    release(check);
  }
  await writeOutputFile(outFile, text);
  process.stderr.write(`wrote ${flags.out} (musl ${version}, ${series.patches.length} patches)\n`);
}

export function register(program: Command): void {
  program
    .command('nix')
    .description('emit a musl-includeos derivation (fetchurl + the generated patch series) for an overlay to callPackage')
    .argument('<version>', 'musl version, e.g. 1.2.5')
    .option('--out <file>', 'write the derivation here (temp file + rename) instead of printing it; an existing file only if musl-patch wrote it, or with --force')
    .option('--force', 'replace --out even if musl-patch did not write it')
    .option('--patches <dir>', 'where patch series live (<dir>/<version>/series)', 'musl-patches')
    .option('--sha256 <hex>', 'sha256 of the release tarball, for a version musl-patch does not pin')
    .action(async (version: string, flags: NixFlags) => {
      await runNix(version, flags);
    });
}
