import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { defaultBackendConfig, DEFAULT_PREFIX, DEFAULT_STUB_MARKERS, type BackendConfig } from '../../backend/config.js';
import { runCoverage, type CoverageRun } from '../../backend/run.js';
import { readSitesJson, scanSites } from '../../backend/sites.js';
import { UserError } from '../../errors.js';
import { SUPPORTED_ARCHES, type MuslTree } from '../../model.js';
import { isVersion } from '../../source/manifest.js';
import { resolveMuslTree } from '../../source/index.js';
import { coverageFindings, KINDS } from '../../report/findings.js';
import { formatGithub } from '../../report/github.js';
import { formatMarkdown, linkBaseFromEnv } from '../../report/markdown.js';
import { applyPolicy, needsBaseline, parseFailOn } from '../../report/policy.js';
import { formatJson, readCoverageJson, type CoverageResult } from '../../report/schema.js';
import { formatSarif } from '../../report/sarif.js';
import { formatText } from '../../report/text.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { inputPath } from '../../util/paths.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from '../source-options.js';

/** Options shared by `coverage` and `stubs`: which musl, which backend, how to read it. */
export interface BackendCliOptions extends SourceCliOptions {
  backend?: string[];
  arch?: string;
  sites?: string;
  prefix: string;
  stubMarker?: string[];
  macro?: string[];
  extraSymbol?: string[];
}

export function addBackendOptions(cmd: Command): Command {
  return addSourceOptions(cmd)
    .option('--backend <path...>', "the kernel's syscall backend: directories (walked for C/C++ files) or files", inputPath('file-or-dir', '--backend', "pass the kernel's syscall layer: directories or C/C++ files", true))
    .option('--arch <list>', `arches, comma separated, or 'all' (${SUPPORTED_ARCHES.join(',')})`, 'all')
    .option('--sites <file>', 'syscall sites from `musl-patch scan --json` instead of scanning the tree', inputPath('file', '--sites', 'pass the JSON file `musl-patch scan --json -o FILE` wrote'))
    .option('--prefix <prefix>', 'prefix of per-syscall backend symbols', DEFAULT_PREFIX)
    .option('--stub-marker <name...>', `calls that mark a body as a stub (default: ${DEFAULT_STUB_MARKERS.join(', ')})`)
    .option('--macro <def...>', "a macro that expands to definitions, as NAME(x)=body (the backend's own #defines are found)")
    .option('--extra-symbol <name...>', 'more exact names that are backend symbols');
}

export function backendConfig(opts: BackendCliOptions): BackendConfig {
  return defaultBackendConfig({
    prefix: opts.prefix,
    stubMarkers: opts.stubMarker,
    macros: opts.macro,
    extraSymbols: opts.extraSymbol ? [...defaultBackendConfig().extraSymbols, ...opts.extraSymbol] : undefined,
  });
}

/** Resolves musl (unless sites come from a file), gets the sites and computes coverage. */
export async function coverageFromCli(spec: string, opts: BackendCliOptions, exclude: string[] = []): Promise<CoverageRun & { muslRoot: string | null }> {
  if (!opts.backend || opts.backend.length === 0) {
    throw new UserError('no backend given', "pass --backend DIR (the kernel's syscall layer), e.g. --backend src/musl");
  }
  const arches = parseArchList(opts.arch, SUPPORTED_ARCHES);
  let version = spec;
  let muslRoot: string | null = null;
  let tree: MuslTree | undefined;
  let sites;
  if (opts.sites) {
    if (!isVersion(spec)) throw new UserError(`with --sites, '${spec}' must be the musl version the sites came from`, 'give it as e.g. 1.2.5');
    sites = await readSitesJson(opts.sites);
  } else {
    tree = await resolveMuslTree(spec, fetchOptions(opts));
    version = tree.version;
    muslRoot = tree.root;
    sites = await scanSites(tree, arches, opts.prefix);
  }
  const run = await runCoverage({ version, arches, sites, backendPaths: opts.backend, config: backendConfig(opts), tree, exclude });
  return { ...run, muslRoot };
}

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

/** What an output of coverage or stubs may not overwrite: the musl tree given as a directory, the files read. */
export function backendInputs(spec: string, opts: BackendCliOptions & { baseline?: string; fromJson?: string; prototypes?: string[] }): { inputs: string[]; inputFiles: string[] } {
  const files = [opts.sites, opts.baseline, opts.fromJson, ...(opts.prototypes ?? []), ...(opts.backend ?? [])].filter((f): f is string => Boolean(f));
  return { inputs: isVersion(spec) ? [] : [spec], inputFiles: files };
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
