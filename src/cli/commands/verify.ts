import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { resolveMuslTree } from '../../source/index.js';
import { buildPatchedMusl, buildPlainMusl, findToolchain, verifyPatchedMusl, type LibcVerification } from '../../build/index.js';
import { compareInstalls, type InstallComparison } from '../../build/index.js';
import { describeConfigure } from '../../musl/index.js';
import { comparisonText, verificationText } from '../../report/index.js';
import { existingPath } from '../../util/paths.js';
import { statIfAny } from '../../util/fs.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { addConfigureOptions, addProfileOptions, cliProfile, muslSpec, profileArches, profileConfigureOptions, profileKernelPatches, profileNaming, type ProfileCliOptions } from '../profile.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';


interface VerifyCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  arch: string;
  format: string;
  jobs: string;
  against?: string;
}

interface ArchVerification extends LibcVerification {
  /** Headers and defined symbols against the plain build of the same version and profile. */
  plain: InstallComparison;
  /** The same against --against PREFIX (PREFIX/<arch> when it has per-arch directories). */
  against: InstallComparison | null;
}

export function register(program: Command): void {
  addConfigureOptions(
    addProfileOptions(
      addNamingOptions(
        addSourceOptions(
          program
            .command('verify [version|dir]')
            .description(
              'build patched musl and check: no trap instruction, needed backend set = prediction, no duplicate definitions, and the same public headers and defined symbols as the plain build (or --against PREFIX)',
            ),
        ),
      ),
    ),
  )
    .option('--arch <list>', "arches, comma-separated or all (default: the profile's, else all)", 'all')
    .option('--against <prefix>', 'also compare headers and defined symbols with another musl install (PREFIX/include, PREFIX/lib/libc.a; or PREFIX/<arch>/...)')
    .option('--format <format>', 'text or json', 'text')
    .option('-j, --jobs <n>', 'make -j', '2')
    .action(async (specArg: string | undefined, opts: VerifyCliOptions, command: Command) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`unknown format '${opts.format}'`, 'use text or json');
      const against = opts.against ? existingPath(opts.against, 'dir', '--against', 'pass the prefix of an installed musl (with include/ and lib/libc.a)') : null;
      const profile = cliProfile(opts);
      const spec = muslSpec(specArg, profile, 'verify');
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const configure = profileConfigureOptions(opts, profile);
      const options = { jobs: Number(opts.jobs), cacheRoot: opts.cacheDir, naming: namingFrom(opts, profileNaming(profile)), configure, patches: profileKernelPatches(profile) };
      const results: ArchVerification[] = [];
      const arches = supportedArches(profileArches(command, opts.arch, profile));
      // Checked before any build: a directory that is not a musl install would "differ" in every header and symbol.
      const againstPrefixes = new Map(arches.map((arch) => [arch, against ? muslInstall(against, arch) : null]));
      for (const arch of arches) {
        const patched = await buildPatchedMusl(tree, arch, options);
        const plain = await buildPlainMusl(tree, arch, options);
        const tc = await findToolchain(arch);
        const v = await verifyPatchedMusl(patched);
        const vsPlain = await compareInstalls(tc, patched.build.prefix, plain.prefix);
        const againstPrefix = againstPrefixes.get(arch) ?? null;
        const vsAgainst = againstPrefix ? await compareInstalls(tc, patched.build.prefix, againstPrefix) : null;
        results.push({ ...v, ok: v.ok && vsPlain.ok && (vsAgainst?.ok ?? true), plain: vsPlain, against: vsAgainst });
      }
      if (opts.format === 'json') console.log(JSON.stringify({ version: tree.version, configure: describeConfigure(configure), arches: results }, null, 2));
      else {
        const text = results.map((r) => [verificationText(r), ...comparisonText(r.plain, 'plain'), ...(r.against ? comparisonText(r.against, r.against.against) : [])].join('\n'));
        console.log(text.join('\n'));
      }
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}

/** The musl install for `arch` under `prefix`: PREFIX/<arch> when it has per-arch directories (what `build --prefix` writes), else PREFIX. */
function muslInstall(prefix: string, arch: string): string {
  const sub = `${prefix}/${arch}`;
  const install = statIfAny(`${sub}/include`)?.isDirectory() ? sub : prefix;
  if (!statIfAny(`${install}/include`)?.isDirectory() || !statIfAny(`${install}/lib/libc.a`)?.isFile()) {
    throw new UserError(`--against ${prefix} is not a musl install for ${arch}: no include/ and lib/libc.a (nor ${arch}/include/ and ${arch}/lib/libc.a)`, 'pass the prefix of an installed musl, e.g. one written by musl-patch build --prefix');
  }
  return install;
}

