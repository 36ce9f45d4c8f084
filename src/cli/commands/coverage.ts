import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { isVersion } from '../../source/index.js';
import { applyPolicy, coverageFindings, type CoverageResult, formatGithub, formatJson, formatMarkdown, formatSarif, formatText, KINDS, linkBaseFromEnv, needsBaseline, parseFailOn, readCoverageJson } from '../../report/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addBackendOptions, appCoverageFromCli, backendContext, backendInputs, coverageFromCli, type BackendCliOptions, type BackendContext } from '../backend-options.js';

interface CoverageOptions extends BackendCliOptions {
  app?: string[];
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
      .command('coverage [version|dir]')
      .description('which backend symbols the patched musl needs, and which the backend implements, stubs or misses'),
  )
    .option('--app <file...>', "a program's objects, static archives or linked static executable: what that program needs from the backend, and which of its calls lead there", inputPath('file', '--app', 'pass the compiled program: .o files, .a archives or its linked executable', true))
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
    .action(async (specArg: string | undefined, opts: CoverageOptions, command: Command) => {
      const ctx = backendContext(specArg, opts, command, 'coverage');
      const { spec } = ctx;
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new UserError(`unknown format '${opts.format}'`, `use one of: ${FORMATS.join(', ')}`);
      }
      const policy = parseFailOn(opts.failOn);
      if (needsBaseline(policy) && !opts.baseline) {
        throw new UserError(`--fail-on ${opts.failOn} compares with a baseline, and none was given`, 'pass --baseline base.json (`musl-patch coverage --format json` of the base commit)');
      }
      const out = opts.out ? claimOutputFile(opts.out, { label: '--out', force: opts.force, ...backendInputs(spec, { ...opts, prototypes: opts.app }) }) : null;
      if (opts.app && opts.fromJson) throw new UserError('--app computes a report, --from-json formats an earlier one', 'pass one of them');
      const baseline = opts.baseline ? await readCoverageJson(opts.baseline) : null;
      if (baseline && !opts.fromJson) sameSubject(opts.baseline!, baseline, Boolean(opts.app));
      const result = await coverageResult(ctx, opts);
      if (baseline && opts.fromJson) sameSubject(opts.baseline!, baseline, Boolean(result.report.app));
      const links = linkBaseFromEnv(process.env, opts.commit);

      let output: string;
      let omittedAnnotations = 0;
      if (opts.format === 'json') output = formatJson(result);
      else if (opts.format === 'markdown') output = formatMarkdown(result, { baseline, links });
      else if (opts.format === 'github') ({ text: output, omitted: omittedAnnotations } = formatGithub(result, policy, baseline));
      else if (opts.format === 'sarif') output = formatSarif(result, { baseline, anchorFile: opts.sarifAnchor });
      else output = formatText(result, { all: opts.all, baseline });

      if (out) await writeOutputFile(out, output);
      else process.stdout.write(output);
      if (opts.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
        await appendFile(process.env.GITHUB_STEP_SUMMARY, formatMarkdown(result, { baseline, links, omittedAnnotations }));
      }

      const arches = result.report.arches.map((a) => a.arch);
      const outcome = applyPolicy(coverageFindings(result.report), baseline ? coverageFindings(baseline.report) : null, policy, arches);
      if (outcome.failed) {
        const ownOnly = outcome.kinds.every((k) => k === 'undefined');
        throw new UserError(
          `${ownOnly ? 'program' : 'backend coverage'} check failed (${outcome.reasons.join('; ')})`,
          ownOnly
            ? "link what defines them: they are the program's own code or libraries, not backend functions"
            : 'implement the symbols, generate stubs with `musl-patch stubs`, or relax --fail-on',
          1,
        );
      }
    });
}

async function coverageResult(ctx: BackendContext, opts: CoverageOptions): Promise<CoverageResult> {
  const { spec } = ctx;
  if (!opts.fromJson) {
    const run = opts.app ? await appCoverageFromCli(ctx, opts, opts.app) : await coverageFromCli(ctx, opts);
    return { report: run.report, warnings: run.reading.warnings };
  }
  const result = await readCoverageJson(opts.fromJson);
  if (isVersion(spec) && spec !== result.report.version) {
    throw new UserError(`${opts.fromJson} is a report for musl ${result.report.version}, not ${spec}`, `pass ${result.report.version} or the matching report`);
  }
  return result;
}

/** A program's report compares with a program's report, the whole libc's with the whole libc's. */
function sameSubject(file: string, baseline: CoverageResult, app: boolean): void {
  if (Boolean(baseline.report.app) === app) return;
  throw new UserError(
    app ? `${file} is a report of the whole libc, and this one is of a program (--app)` : `${file} is a report of a program (--app), and this one is of the whole libc`,
    app ? 'pass a baseline written by `musl-patch coverage --app … --format json`' : 'pass a baseline written without --app, or add --app',
  );
}
