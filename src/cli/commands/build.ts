import type { Command } from 'commander';
import { resolveMuslTree } from '../../source/index.js';
import { buildPatchedMusl, buildPlainMusl, claimPrefix, findToolchain, installPrefix, verifyPatchedMusl, type InstalledArch } from '../../build/index.js';
import { describeConfigure } from '../../musl/index.js';
import { isVersion } from '../../source/index.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { verificationText } from '../../report/index.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';
import { addConfigureOptions, addProfileOptions, cliProfile, muslSpec, profileArches, profileConfigureOptions, profileKernelPatches, profileNaming, type ProfileCliOptions } from '../profile.js';

interface BuildCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  arch: string;
  plain?: boolean;
  jobs: string;
  prefix?: string;
  force?: boolean;
}

export function register(program: Command): void {
  addConfigureOptions(
    addProfileOptions(
      addNamingOptions(
        addSourceOptions(
          program
            .command('build [version|dir]')
            .description('build and install patched (or --plain) musl per arch into the cache, with the passthrough backend; --prefix installs the verified libc'),
        ),
      ),
    ),
  )
    .option('--arch <list>', "arches, comma-separated or all (default: the profile's, else all)", 'all')
    .option('--plain', 'build the unmodified release instead')
    .option('--prefix <dir>', 'install the verified patched libc here, per arch: include/, lib/ (libc.a, crt objects, musl-gcc.specs), bin/musl-gcc, backend-functions.txt')
    .option('--force', 'replace --prefix even if musl-patch did not install it')
    .option('-j, --jobs <n>', 'make -j', '2')
    .action(async (specArg: string | undefined, opts: BuildCliOptions, command: Command) => {
      const profile = cliProfile(opts);
      const spec = muslSpec(specArg, profile, 'build');
      const prefix = opts.prefix ? claimPrefix(opts.prefix, opts.force, isVersion(spec) ? [] : [spec]) : null;
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const configure = profileConfigureOptions(opts, profile);
      const patches = profileKernelPatches(profile);
      const options = { jobs: Number(opts.jobs), cacheRoot: opts.cacheDir, naming: namingFrom(opts, profileNaming(profile)), configure, patches };
      if (profile) console.log(`kernel profile ${profile.file}: musl ${tree.version}, ${describeConfigure(configure)}${patches.length ? `, ${patches.length} kernel patch(es)` : ''}`);
      const installed: InstalledArch[] = [];
      for (const arch of supportedArches(profileArches(command, opts.arch, profile))) {
        if (opts.plain) {
          const b = await buildPlainMusl(tree, arch, options);
          console.log(`${arch}: plain musl ${b.version} in ${b.prefix} (${b.cached ? 'cached' : `${b.seconds} s`})`);
        } else {
          const p = await buildPatchedMusl(tree, arch, options);
          console.log(`${arch}: patched musl ${p.build.version} from the ${p.source} in ${p.build.prefix} (${p.build.cached ? 'cached' : `${p.build.seconds} s`})`);
          console.log(`  passthrough backend: ${p.passthrough}; ${p.predicted.length} backend functions needed (predicted by the ${p.prediction === 'scan' ? 'scan of this profile' : 'rewrite'})`);
          const v = await verifyPatchedMusl(p);
          console.log(verificationText(v));
          if (!v.ok) process.exitCode = 1;
          installed.push({ arch, patched: p, verification: v, toolchain: await findToolchain(arch) });
        }
      }
      if (prefix && !opts.plain) {
        await installPrefix({ dir: prefix, tree, configure, patches: profile?.profile.musl.patches ?? [], arches: installed, force: opts.force });
        console.log(`installed into ${prefix}: ${installed.map((a) => `${a.arch}/`).join(' ')} (bin/musl-gcc, include/, lib/, backend-functions.txt)`);
      }
    });
}
