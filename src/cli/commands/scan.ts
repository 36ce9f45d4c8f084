import type { Command } from 'commander';
import { UserError } from '../../util/errors.js';
import { SUPPORTED_ARCHES } from '../../arch/index.js';
import { muslArches } from '../../musl/index.js';
import { formatText, type GroupBy, rememberValidated, scan, toJson, validateScanJson } from '../../scan/index.js';
import { isVersion, resolveMuslTree } from '../../source/index.js';
import { claimOutputFile, writeOutputFile } from '../../util/output.js';
import { addNamingOptions, namingFrom, type NamingCliOptions } from '../naming-options.js';
import { addSourceOptions, fetchOptions, parseArchList, type SourceCliOptions } from '../source-options.js';
import { addProfileOptions, cliProfile, muslSpec, profileArches, profileConfigureOptions, profileNaming, type ProfileCliOptions } from '../profile.js';

interface ScanCliOptions extends SourceCliOptions, NamingCliOptions, ProfileCliOptions {
  arch?: string;
  json?: boolean;
  by?: string;
  output?: string;
  force?: boolean;
  cache?: boolean;
}

const GROUPINGS = ['site', 'syscall', 'function'];

export function register(program: Command): void {
  addNamingOptions(addProfileOptions(addSourceOptions(
    program
      .command('scan [version|dir]')
      .description('find every system call site of musl per arch: SYS_ constants, socket calls, wrappers, dynamic numbers, trap instructions')
      .option('--arch <list>', `comma-separated arches, or "all" for every arch of the tree (default: ${SUPPORTED_ARCHES.join(',')})`)
      .option('--json', 'print JSON (validated; stable order) instead of text')
      .option('--by <grouping>', 'list sites: site | syscall | function')
      .option('-o, --output <file>', 'write the report to a file instead of stdout (an existing file only if musl-patch wrote it, or with --force)')
      .option('--force', 'replace --output even if musl-patch did not write it')
      .option('--with-malloc <dir>', "the allocator musl is configured with, as configure --with-malloc (default: the profile's, else mallocng)")
      .option('--no-cache', 'neither read nor write the scan cache'),
  )), { legacyPrefix: true }).action(async (specArg: string | undefined, opts: ScanCliOptions, command: Command) => {
    const profile = cliProfile(opts);
    const spec = muslSpec(specArg, profile, 'scan');
    opts.arch = profileArches(command, opts.arch, profile);
    if (opts.by && !GROUPINGS.includes(opts.by)) {
      throw new UserError(`--by ${opts.by} is not a grouping`, `use one of: ${GROUPINGS.join(', ')}`);
    }
    const output = opts.output ? claimOutputFile(opts.output, { label: '--output', force: opts.force, inputs: isVersion(spec) ? [] : [spec] }) : null;
    const tree = await resolveMuslTree(spec, fetchOptions(opts));
    const arches = opts.arch === 'all' ? muslArches(tree) : parseArchList(opts.arch, SUPPORTED_ARCHES);
    const result = await scan(tree, arches, { cacheDir: opts.cacheDir, cache: opts.cache, naming: namingFrom(opts, profileNaming(profile)), malloc: profileConfigureOptions(opts, profile).malloc });
    const by = opts.by as GroupBy | undefined;
    let text: string;
    if (opts.json) {
      const json = toJson(tree.version, result.arches, by);
      // zod loads only when these sites have not passed the schema before (fresh, or cached by a text scan).
      if (!result.validated) {
        await validateScanJson(json);
        rememberValidated(result);
      }
      text = `${JSON.stringify(json, null, 2)}\n`;
    } else text = formatText(tree.version, result.arches, by);
    if (opts.verbose) process.stderr.write(`scan: ${result.cached ? 'from cache' : 'parsed'} (${tree.root})\n`);
    if (output) await writeOutputFile(output, text);
    else process.stdout.write(text);
  });
}
