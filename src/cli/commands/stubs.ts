import path from 'node:path';
import type { Command } from 'commander';
import { generateStubs, readBackend, type StubLanguage } from '../../backend/index.js';
import { UserError } from '../../util/errors.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addBackendOptions, backendConfig, backendContext, backendInputs, coverageFromCli, type BackendCliOptions } from '../backend-options.js';

interface StubsOptions extends BackendCliOptions {
  out?: string;
  lang?: string;
  marker: string;
  include?: string[];
  prototypes?: string[];
  force?: boolean;
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command('stubs [version|dir]')
      .description('write stub definitions (-ENOSYS through the stub marker) for every backend symbol the backend misses'),
  )
    .option('--out <file>', 'the C or C++ file to write (an existing file only if musl-patch wrote it, or with --force)')
    .option('--force', 'replace --out even if musl-patch did not write it')
    .option('--lang <lang>', 'cpp or c (default: from the --out extension, else cpp)')
    .option('--marker <name>', 'stub marker each stub calls as NAME("symbol"); a no-op fallback is defined if absent', 'STUB')
    .option('--include <header...>', 'headers to include first (your marker, your types); parameter types are then used as written')
    .option('--prototypes <path...>', 'more files whose declarations give parameter types (e.g. a header of backend prototypes)', inputPath('file-or-dir', '--prototypes', 'pass headers or directories of backend prototypes', true))
    .action(async (specArg: string | undefined, opts: StubsOptions, command: Command) => {
      const ctx = backendContext(specArg, opts, command, 'stubs');
      const { spec } = ctx;
      if (!opts.out) throw new UserError('no output file given', 'pass --out FILE, e.g. --out src/musl/missing_stubs.cpp');
      const lang = stubLanguage(opts.lang, opts.out);
      // The file is checked before any work; it may lie in the backend, where the previous stubs are
      // not read as part of it (else a rerun would find nothing missing and write no stubs).
      const { inputs, inputFiles } = backendInputs(spec, opts);
      const out = claimOutputFile(opts.out, { label: '--out', force: opts.force, inputs, inputFiles: inputFiles.filter((f) => !(opts.backend ?? []).includes(f)) });
      const run = await coverageFromCli(ctx, opts, [out]);
      const extra = opts.prototypes ? await readBackend(opts.prototypes, backendConfig(opts)) : null;
      const text = generateStubs(run.report, {
        lang,
        marker: opts.marker,
        includes: opts.include ?? [],
        prototypes: [...run.reading.prototypes, ...(extra?.prototypes ?? [])],
      });
      await writeOutputFile(out, text);
      const missing = new Set(run.report.arches.flatMap((a) => a.entries.filter((e) => e.status === 'missing').map((e) => e.symbol)));
      process.stderr.write(`musl-patch: wrote ${missing.size} stub(s) to ${opts.out}\n`);
    });
}

function stubLanguage(given: string | undefined, out: string): StubLanguage {
  if (given === 'c' || given === 'cpp') return given;
  if (given !== undefined) throw new UserError(`unknown language '${given}'`, 'use --lang cpp or --lang c');
  return path.extname(out).toLowerCase() === '.c' ? 'c' : 'cpp';
}
