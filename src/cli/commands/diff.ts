import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../util/errors.js';
import { SUPPORTED_ARCHES } from '../../arch/index.js';
import { scan } from '../../scan/index.js';
import { diffArch, diffJson, diffMarkdown, diffText, stalePatches, type VersionDiff } from '../../diff/index.js';
import { defaultBackendConfig, readBackend } from '../../backend/index.js';
import { PACKAGE_SERIES_ROOT } from '../../rewrite/index.js';
import { resolveMuslTree } from '../../source/index.js';
import { inputPath } from '../../util/paths.js';
import { addNamingOptions, namingFrom, type NamingCliOptions } from '../naming-options.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from '../source-options.js';

interface DiffOptions extends SourceCliOptions, NamingCliOptions {
  arch?: string;
  backend?: string[];
  format: string;
  series: string;
}

const FORMATS: Record<string, (d: VersionDiff) => string> = { text: diffText, json: diffJson, markdown: diffMarkdown };

export function register(program: Command): void {
  addNamingOptions(
    addSourceOptions(
      program
        .command('diff <from> <to>')
        .description('what a musl upgrade changes: backend symbols, syscall sites (by function), stale patches'),
    ),
  )
    .option('--arch <list>', 'arches, comma separated, or all', 'all')
    .option('--backend <dir...>', "also report which newly needed symbols this backend lacks", inputPath('file-or-dir', '--backend', "pass the kernel's syscall layer: directories or C/C++ files", true))
    .option('--format <format>', 'text | json | markdown', 'text')
    .option('--series <dir>', "root of the patch series (default: musl-patch's own shipped series)", PACKAGE_SERIES_ROOT)
    .action(async (fromSpec: string, toSpec: string, opts: DiffOptions) => {
      const format = FORMATS[opts.format];
      if (!format) throw new UserError(`unknown --format '${opts.format}'`, `use one of: ${Object.keys(FORMATS).join(', ')}`);
      const fetch = fetchOptions({ ...opts, tarball: undefined, source: undefined });
      const [from, to] = await Promise.all([resolveMuslTree(fromSpec, fetch), resolveMuslTree(toSpec, fetch)]);
      const arches = parseArchList(opts.arch, SUPPORTED_ARCHES);
      const naming = namingFrom(opts);

      let backendHas: ((s: string) => boolean) | undefined;
      if (opts.backend) {
        const reading = await readBackend(opts.backend, defaultBackendConfig({ naming }));
        const defined = new Set(reading.symbols.map((s) => s.name));
        backendHas = (s) => defined.has(s);
      }
      const result: VersionDiff = { from: from.version, to: to.version, arches: [], stalePatches: null };
      const [old, neu] = [await scan(from, arches, { naming }), await scan(to, arches, { naming })];
      for (const arch of arches) {
        const sitesOf = (r: typeof old) => r.arches.find((a) => a.arch === arch)!.sites;
        result.arches.push(diffArch(arch, sitesOf(old), sitesOf(neu), backendHas));
      }
      const seriesDir = join(opts.series, from.version);
      if (existsSync(join(seriesDir, 'series'))) result.stalePatches = await stalePatches(seriesDir, to);
      process.stdout.write(format(result));
    });
}
