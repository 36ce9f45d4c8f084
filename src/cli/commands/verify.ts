import type { Command } from 'commander';
import { resolveMuslTree } from '../../source/index.js';
import { buildPatchedMusl, verifyPatchedMusl, type LibcVerification } from '../../build/index.js';
import { verificationText } from '../../report/index.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';
import { addNamingOptions, namingFrom, supportedArches, type NamingCliOptions } from '../naming-options.js';

export function register(program: Command): void {
  addNamingOptions(
    addSourceOptions(
      program
        .command('verify <version|dir>')
        .description('build patched musl and check: no trap instruction, needed backend set = prediction, no duplicate definitions'),
    ),
  )
    .option('--arch <list>', 'arches, comma-separated or all', 'all')
    .option('--format <format>', 'text or json', 'text')
    .option('-j, --jobs <n>', 'make -j', '2')
    .action(async (spec: string, opts: SourceCliOptions & NamingCliOptions & { arch: string; format: string; jobs: string }) => {
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const results: LibcVerification[] = [];
      for (const arch of supportedArches(opts.arch)) {
        const patched = await buildPatchedMusl(tree, arch, { jobs: Number(opts.jobs), cacheRoot: opts.cacheDir, naming: namingFrom(opts) });
        results.push(await verifyPatchedMusl(patched));
      }
      if (opts.format === 'json') console.log(JSON.stringify({ version: tree.version, arches: results }, null, 2));
      else console.log(results.map(verificationText).join('\n'));
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
