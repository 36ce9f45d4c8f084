import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { SUPPORTED_ARCHES, type SupportedArch } from '../../model.js';
import { resolveMuslTree } from '../../source/index.js';
import { applyRewrite, regenerateSeries } from '../../rewrite/index.js';
import { DEFAULT_NAMING, type BackendNaming } from '../../rewrite/naming.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from '../source-options.js';

export interface NamingCliOptions {
  syscallPrefix?: string;
  socketcallPrefix?: string;
  dynamicName?: string;
  cloneName?: string;
}

/** The backend-naming options apply, build and verify share. */
export function addNamingOptions(cmd: Command): Command {
  return cmd
    .option('--syscall-prefix <p>', `backend function prefix for SYS_ tokens (default ${DEFAULT_NAMING.syscallPrefix})`)
    .option('--socketcall-prefix <p>', `prefix for socket calls (default ${DEFAULT_NAMING.socketcallPrefix})`)
    .option('--dynamic-name <name>', `function for run-time syscall numbers (default ${DEFAULT_NAMING.dynamic})`)
    .option('--clone-name <name>', `function with musl's __clone contract (default ${DEFAULT_NAMING.clone})`);
}

export function namingFrom(opts: NamingCliOptions): BackendNaming {
  return {
    syscallPrefix: opts.syscallPrefix ?? DEFAULT_NAMING.syscallPrefix,
    socketcallPrefix: opts.socketcallPrefix ?? DEFAULT_NAMING.socketcallPrefix,
    dynamic: opts.dynamicName ?? DEFAULT_NAMING.dynamic,
    clone: opts.cloneName ?? DEFAULT_NAMING.clone,
  };
}

export function supportedArches(value: string | undefined): SupportedArch[] {
  const arches = parseArchList(value, SUPPORTED_ARCHES);
  const bad = arches.filter((a) => !(SUPPORTED_ARCHES as readonly string[]).includes(a));
  if (bad.length > 0) throw new UserError(`cannot rewrite for ${bad.join(', ')}`, `use --arch with ${SUPPORTED_ARCHES.join(', ')} or all`);
  return arches as SupportedArch[];
}

export function register(program: Command): void {
  addNamingOptions(
    addSourceOptions(
      program
        .command('apply <version|dir>')
        .description('write the patched musl tree and/or its patch series (musl-patches/<version>/)'),
    ),
  )
    .option('--arch <list>', `arches to rewrite, comma-separated or all (default all: ${SUPPORTED_ARCHES.join(', ')})`)
    .option('--out <dir>', 'write the patched tree here')
    .option('--series [dir]', 'write the patch series (default musl-patches/<version>)')
    .option('-j, --jobs <n>', 'parallel jobs for the probes', '2')
    .action(async (spec: string, opts: SourceCliOptions & NamingCliOptions & { arch?: string; out?: string; series?: string | boolean; jobs: string }) => {
      if (!opts.out && !opts.series) throw new UserError('nothing to write', 'pass --out DIR for the patched tree and/or --series [DIR]');
      const tree = await resolveMuslTree(spec, fetchOptions(opts));
      const options = { arches: supportedArches(opts.arch), naming: namingFrom(opts), jobs: Number(opts.jobs) };
      if (opts.out) {
        const result = await applyRewrite(tree, path.resolve(opts.out), options);
        console.log(`patched musl ${tree.version}: ${result.root} (${result.changes.length} files changed)`);
        for (const [arch, probe] of Object.entries(result.probes)) console.log(`  ${arch}: ${probe.functions.length} backend functions from ${probe.sites.length} sites`);
      }
      if (opts.series) {
        const outDir = typeof opts.series === 'string' ? path.resolve(opts.series) : undefined;
        const { dir, patches } = await regenerateSeries(tree, { ...options, outDir });
        console.log(`patch series for musl ${tree.version}: ${dir}`);
        for (const p of patches) console.log(`  ${p.name}: ${p.title} (${p.files.length} files)`);
      }
    });
}
