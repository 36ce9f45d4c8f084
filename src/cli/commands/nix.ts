// `musl-patch nix <version>`: print or write a musl-includeos derivation for the version's series.

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../../util/errors.js';
import { emitDerivation, nixAccepts, readSeries, type NixRunOptions, type PatchSeries } from '../../nix/index.js';
import type { MuslConfigure } from '../../musl/index.js';
import { PACKAGE_SERIES_ROOT } from '../../rewrite/index.js';
import { claimOutputDir, replaceDir } from '../../util/output.js';
import { addConfigureOptions, addProfileOptions, cliProfile, muslSpec, profileConfigureOptions, profileKernelPatches, type ProfileCliOptions } from '../profile.js';
import { isVersion, PINNED_SHA256, sriFromHex } from '../../source/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { release, tempBeside } from '../../util/temp.js';

interface NixFlags {
  out?: string;
  patches?: string;
  sha256?: string;
  force?: boolean;
  /** The kernel profile's configure options and own patches (absolute). */
  configure?: MuslConfigure;
  kernelPatches?: string[];
  /**
   * Copy the series (and kernel patches outside the derivation's directory) beside the written
   * derivation, so the kernel's repository holds everything its build needs.
   */
  vendor?: boolean;
}

/** `nix` runs the guard's nix-instantiate (tests point it elsewhere). */
export async function runNix(version: string, flags: NixFlags, nix: NixRunOptions = {}): Promise<void> {
  if (!isVersion(version)) throw new UserError(`'${version}' is not a musl version`, 'give a release number such as 1.2.5');
  const sha = flags.sha256?.toLowerCase() ?? PINNED_SHA256[version];
  if (!sha) throw new UserError(`musl ${version} has no pinned checksum`, 'pass --sha256 HEX of the release tarball from a source you trust');
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new UserError(`--sha256 '${flags.sha256}' is not 64 hex digits`, 'pass the sha256 of the release tarball');
  const patchesRoot = flags.patches ?? PACKAGE_SERIES_ROOT;
  const found = readSeries(patchesRoot, version);
  if (!found) throw new UserError(`no patch series for musl ${version} in ${resolve(patchesRoot, version)}`, `generate the series for ${version} first, or pass --patches DIR`);
  let series = found;

  const outFile = flags.out ? claimOutputFile(flags.out, { label: '--out', force: flags.force, inputs: [series.dir] }) : null;
  const outDir = outFile ? dirname(outFile) : process.cwd();
  let kernelPatches = flags.kernelPatches ?? [];
  if (flags.vendor && outFile) ({ series, kernelPatches } = await vendorPatches(series, kernelPatches, outDir));
  const text = emitDerivation({
    version,
    sri: sriFromHex(sha),
    patches: series.patches,
    outDir,
    seriesLabel: `${relative(outDir, series.dir) || '.'}/series`,
    configure: flags.configure,
    kernelPatches,
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

/** A directory musl-patch vendored a series into (it holds a `series` file and nothing else musl-patch did not write). */
const VENDORED = 'musl-patches';

/**
 * The series copied to <outDir>/musl-patches/<version>/ (replaced whole), kernel patches outside
 * <outDir> copied to <outDir>/kernel-patches/: the derivation then refers only to files beside it.
 */
async function vendorPatches(series: PatchSeries, kernelPatches: string[], outDir: string): Promise<{ series: PatchSeries; kernelPatches: string[] }> {
  const target = resolve(outDir, VENDORED, series.version);
  let vendored = series;
  if (resolve(series.dir) !== target) {
    const dir = claimOutputDir(target, {
      label: 'the vendored series',
      inputs: [series.dir],
      refuse: (d) => (existsSync(join(d, 'series')) ? null : new UserError(`${d} exists and is not a series musl-patch wrote`, 'move it away, or pass --patches to use it as the series')),
    });
    await replaceDir(dir, async (work) => {
      await mkdir(work, { recursive: true });
      for (const f of [...series.patches, join(series.dir, 'series')]) await copyFile(f, join(work, basename(f)));
    });
    vendored = { version: series.version, dir, patches: series.patches.map((p) => join(dir, basename(p))) };
  }
  const kept: string[] = [];
  for (const p of kernelPatches) {
    const rel = relative(outDir, p);
    if (!rel.startsWith('..') && !isAbsolute(rel)) {
      kept.push(p);
      continue;
    }
    const copy = join(outDir, 'kernel-patches', basename(p));
    await mkdir(dirname(copy), { recursive: true });
    await copyFile(p, copy);
    kept.push(copy);
  }
  return { series: vendored, kernelPatches: kept };
}

export function register(program: Command): void {
  addConfigureOptions(addProfileOptions(program
    .command('nix')
    .description("emit a musl-includeos derivation (fetchurl + the generated patch series, with the kernel profile's configure options and patches) for an overlay to callPackage; with a profile and --out, the series is copied beside it")
    .argument('[version]', "musl version, e.g. 1.2.5 (default: the profile's)")))
    .option('--out <file>', 'write the derivation here (temp file + rename) instead of printing it; an existing file only if musl-patch wrote it, or with --force')
    .option('--force', 'replace --out even if musl-patch did not write it')
    .option('--patches <dir>', "where patch series live (<dir>/<version>/series; default: musl-patch's own shipped series)")
    .option('--sha256 <hex>', 'sha256 of the release tarball, for a version musl-patch does not pin')
    .action(async (versionArg: string | undefined, flags: NixFlags & ProfileCliOptions) => {
      const profile = cliProfile(flags);
      const version = muslSpec(versionArg, profile, 'nix');
      // The derivation the profile names is the one musl-patch manages: writing it is what was asked.
      const managed = Boolean(profile?.profile.derivation && flags.out && resolve(profile.root, profile.profile.derivation) === resolve(flags.out));
      await runNix(version, {
        ...flags,
        force: flags.force || managed,
        configure: profile || flags.withMalloc || flags.enableDebug ? profileConfigureOptions(flags, profile) : undefined,
        kernelPatches: profileKernelPatches(profile),
        vendor: profile !== null,
      });
    });
}
