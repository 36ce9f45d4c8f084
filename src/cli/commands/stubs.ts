import path from 'node:path';
import type { Command } from 'commander';
import { readBackend } from '../../backend/reader.js';
import { generateStubs, type StubLanguage } from '../../backend/stubs.js';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../../report/write.js';
import { addBackendOptions, backendConfig, coverageFromCli, type BackendCliOptions } from './coverage.js';

interface StubsOptions extends BackendCliOptions {
  out?: string;
  lang?: string;
  marker: string;
  include?: string[];
  prototypes?: string[];
}

export function register(program: Command): void {
  addBackendOptions(
    program
      .command('stubs <version|dir>')
      .description('write stub definitions (-ENOSYS through the stub marker) for every backend symbol the backend misses'),
  )
    .option('--out <file>', 'the C or C++ file to write')
    .option('--lang <lang>', 'cpp or c (default: from the --out extension, else cpp)')
    .option('--marker <name>', 'stub marker each stub calls as NAME("symbol"); a no-op fallback is defined if absent', 'STUB')
    .option('--include <header...>', 'headers to include first (your marker, your types); parameter types are then used as written')
    .option('--prototypes <path...>', 'more files whose declarations give parameter types (e.g. a header of backend prototypes)')
    .action(async (spec: string, opts: StubsOptions) => {
      if (!opts.out) throw new UserError('no output file given', 'pass --out FILE, e.g. --out src/musl/missing_stubs.cpp');
      const lang = stubLanguage(opts.lang, opts.out);
      const run = await coverageFromCli(spec, opts);
      const extra = opts.prototypes ? await readBackend(opts.prototypes, backendConfig(opts)) : null;
      const text = generateStubs(run.report, {
        lang,
        marker: opts.marker,
        includes: opts.include ?? [],
        prototypes: [...run.reading.prototypes, ...(extra?.prototypes ?? [])],
      });
      await writeFileAtomic(opts.out, text);
      const missing = new Set(run.report.arches.flatMap((a) => a.entries.filter((e) => e.status === 'missing').map((e) => e.symbol)));
      process.stderr.write(`musl-patch: wrote ${missing.size} stub(s) to ${opts.out}\n`);
    });
}

function stubLanguage(given: string | undefined, out: string): StubLanguage {
  if (given === 'c' || given === 'cpp') return given;
  if (given !== undefined) throw new UserError(`unknown language '${given}'`, 'use --lang cpp or --lang c');
  return path.extname(out).toLowerCase() === '.c' ? 'c' : 'cpp';
}
