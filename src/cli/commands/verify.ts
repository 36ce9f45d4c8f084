import type { Command } from 'commander';
import { resolveMuslTree } from '../../source/index.js';
import { buildPatchedMusl, verifyPatchedMusl, type LibcVerification } from '../../build/index.js';
import { describeConfigure } from '../../musl/index.js';
import { verificationText } from '../../report/index.js';
import { UserError } from '../../util/errors.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { addConfigureOptions, addProfileOptions, cliProfile, muslSpec, profileArches, profileConfigureOptions, profileKernelPatches, profileNaming, type ProfileCliOptions } from '../profile.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';

interface VerifyCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  arch: string;
  format: string;
  jobs: string;
}

export function register(program: Command): void {
  addConfigureOptions(
    addProfileOptions(
      addNamingOptions(
        addSourceOptions(
          program
            .command('verify [version|dir]')
            .description('build patched musl (as the kernel profile says, when there is one) and check: no trap instruction, needed backend set = prediction, no duplicate definitions'),
        ),
      ),
    ),
  )
    .option('--arch <list>', "arches, comma-separated or all (default: the profile's, else all)", 'all')
    .option('--format <format>', 'text or json', 'text')
    .option('-j, --jobs <n>', 'make -j', '2')
    .action(async (specArg: string | undefined, opts: VerifyCliOptions, command: Command) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new UserError(`unknown format '${opts.format}'`, 'use text or json');
      const profile = cliProfile(opts);
      const spec = muslSpec(specArg, profile, 'verify');
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const configure = profileConfigureOptions(opts, profile);
      const options = { jobs: Number(opts.jobs), cacheRoot: opts.cacheDir, naming: namingFrom(opts, profileNaming(profile)), configure, patches: profileKernelPatches(profile) };
      const results: LibcVerification[] = [];
      for (const arch of supportedArches(profileArches(command, opts.arch, profile))) {
        results.push(await verifyPatchedMusl(await buildPatchedMusl(tree, arch, options)));
      }
      if (opts.format === 'json') console.log(JSON.stringify({ version: tree.version, configure: describeConfigure(configure), arches: results }, null, 2));
      else console.log(results.map(verificationText).join('\n'));
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
