import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { isVersion } from '../../source/index.js';
import { applyPolicy, coverageFindings, type CoverageResult, formatGithub, formatJson, formatMarkdown, formatSarif, formatText, KINDS, linkBaseFromEnv, needsBaseline, parseFailOn, readCoverageJson } from '../../report/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addBackendOptions, backendInputs, coverageFromCli, type BackendCliOptions } from '../backend-options.js';

interface CoverageOptions extends BackendCliOptions {
  format: string;
  fromJson?: string;
  baseline?: string;
  failOn: string;
  out?: string;
  force?: boolean;
  all?: boolean;
  commit?: string;
  sarifAnchor?: string;
}

const FORMATS = ['text', 'json', 'markdown', 'github', 'sarif'] as const;

export function register(program: Command): void {
  addBackendOptions(
    program
      .command('coverage <version|dir>')
      .description('which backend symbols the patched musl needs, and which the backend implements, stubs or misses'),
  )
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
    .option('--baseline <file>', 'an earlier `--format json` output (e.g. of the base branch): report and gate on what changed', inputPath('file', '--baseline', 'pass a report written by `musl-patch coverage --format json`'))
    .option(
      '--fail-on <list>',
      `exit 1 on: ${KINDS.join(', ')} (any), new-${KINDS.join(', new-')} (not in --baseline on that arch), none, or a comma list; stub implies missing`,
      'missing',
    )
    .option('--out <file>', 'write the report to a file instead of stdout (an existing file only if musl-patch wrote it, or with --force)')
    .option('--force', 'replace --out even if musl-patch did not write it')
    .option('--all', 'text format: list implemented symbols too')
    .option('--from-json <file>', 'format an earlier `--format json` report instead of computing one (no scan, no backend)', inputPath('file', '--from-json', 'pass a report written by `musl-patch coverage --format json`'))
    .option('--commit <sha>', 'markdown/github: the commit definition links point at (default $GITHUB_SHA; links need $GITHUB_SERVER_URL and $GITHUB_REPOSITORY)')
    .option('--sarif-anchor <file>', 'sarif: the repository file missing symbols are reported at (e.g. the kernel\'s musl-patch.json)')
    .action(async (spec: string, opts: CoverageOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new UserError(`unknown format '${opts.format}'`, `use one of: ${FORMATS.join(', ')}`);
      }
      const policy = parseFailOn(opts.failOn);
      if (needsBaseline(policy) && !opts.baseline) {
        throw new UserError(`--fail-on ${opts.failOn} compares with a baseline, and none was given`, 'pass --baseline base.json (`musl-patch coverage --format json` of the base commit)');
      }
      const out = opts.out ? claimOutputFile(opts.out, { label: '--out', force: opts.force, ...backendInputs(spec, opts) }) : null;
      const baseline = opts.baseline ? await readCoverageJson(opts.baseline) : null;
      const result = await coverageResult(spec, opts);
      const links = linkBaseFromEnv(process.env, opts.commit);

      let output: string;
      let omittedAnnotations = 0;
      if (opts.format === 'json') output = formatJson(result);
      else if (opts.format === 'markdown') output = formatMarkdown(result, { baseline, links });
      else if (opts.format === 'github') ({ text: output, omitted: omittedAnnotations } = formatGithub(result, policy, baseline));
      else if (opts.format === 'sarif') output = formatSarif(result, { baseline, anchorFile: opts.sarifAnchor });
      else output = formatText(result, { all: opts.all });

      if (out) await writeOutputFile(out, output);
      else process.stdout.write(output);
      if (opts.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
        await appendFile(process.env.GITHUB_STEP_SUMMARY, formatMarkdown(result, { baseline, links, omittedAnnotations }));
      }

      const arches = result.report.arches.map((a) => a.arch);
      const outcome = applyPolicy(coverageFindings(result.report), baseline ? coverageFindings(baseline.report) : null, policy, arches);
      if (outcome.failed) {
        throw new UserError(
          `backend coverage check failed (${outcome.reasons.join('; ')})`,
          'implement the symbols, generate stubs with `musl-patch stubs`, or relax --fail-on',
          1,
        );
      }
    });
}

async function coverageResult(spec: string, opts: CoverageOptions): Promise<CoverageResult> {
  if (!opts.fromJson) {
    const run = await coverageFromCli(spec, opts);
    return { report: run.report, warnings: run.reading.warnings };
  }
  const result = await readCoverageJson(opts.fromJson);
  if (isVersion(spec) && spec !== result.report.version) {
    throw new UserError(`${opts.fromJson} is a report for musl ${result.report.version}, not ${spec}`, `pass ${result.report.version} or the matching report`);
  }
  return result;
}
