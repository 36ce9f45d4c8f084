import type { Command } from 'commander';
import { resolveMuslTree } from '../../source/index.js';
import { buildPatchedMusl, buildPlainMusl, verifyPatchedMusl } from '../../build/index.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { verificationText } from '../../report/index.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';

export function register(program: Command): void {
  addNamingOptions(
    addSourceOptions(
      program
        .command('build <version|dir>')
        .description('build and install patched (or --plain) musl per arch into the cache, with the passthrough backend'),
    ),
  )
    .option('--arch <list>', 'arches, comma-separated or all', 'all')
    .option('--plain', 'build the unmodified release instead')
    .option('-j, --jobs <n>', 'make -j', '2')
    .action(async (spec: string, opts: SourceCliOptions & NamingCliOptions & { arch: string; plain?: boolean; jobs: string }) => {
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const options = { jobs: Number(opts.jobs), cacheRoot: opts.cacheDir, naming: namingFrom(opts) };
      for (const arch of supportedArches(opts.arch)) {
        if (opts.plain) {
          const b = await buildPlainMusl(tree, arch, options);
          console.log(`${arch}: plain musl ${b.version} in ${b.prefix} (${b.cached ? 'cached' : `${b.seconds} s`})`);
        } else {
          const p = await buildPatchedMusl(tree, arch, options);
          console.log(`${arch}: patched musl ${p.build.version} from the ${p.source} in ${p.build.prefix} (${p.build.cached ? 'cached' : `${p.build.seconds} s`})`);
          console.log(`  passthrough backend: ${p.passthrough}; ${p.predicted.length} backend functions needed`);
          const v = await verifyPatchedMusl(p);
          console.log(verificationText(v));
          if (!v.ok) process.exitCode = 1;
        }
      }
    });
}
