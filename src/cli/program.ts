import { Command } from 'commander';
import { EXIT_CODES_HELP } from '../util/exit-codes.js';
import { PACKAGE_VERSION } from '../util/package-info.js';

type CommandModule = { register(program: Command): void };

/** Every verb, in pipeline order so --help reads like the job; each module is loaded on demand. */
const VERBS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  fetch: () => import('./commands/fetch.js'),
  table: () => import('./commands/table.js'),
  scan: () => import('./commands/scan.js'),
  apply: () => import('./commands/apply.js'),
  build: () => import('./commands/build.js'),
  verify: () => import('./commands/verify.js'),
  coverage: () => import('./commands/coverage.js'),
  stubs: () => import('./commands/stubs.js'),
  comment: () => import('./commands/comment.js'),
  diff: () => import('./commands/diff.js'),
  sync: () => import('./commands/sync.js'),
  nix: () => import('./commands/nix.js'),
  boot: () => import('./commands/boot.js'),
};

export const VERB_NAMES = Object.keys(VERBS);

/**
 * The CLI: cli/ only parses arguments and calls the stages; each verb lives in commands/<verb>.ts.
 * Given the command line, only the verb it names is loaded (with its stages): a cached
 * `musl-patch scan` must not pay for loading nix, boot and the build stage first.
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('musl-patch')
    .description('Rewrite musl libc so every system call is a plain C call into a unikernel backend')
    .version(PACKAGE_VERSION)
    .exitOverride()
    // main.ts prints commander's errors as one line with the fix.
    .configureOutput({ outputError: () => {} })
    .addHelpText('after', EXIT_CODES_HELP);
  const verb = argv[2];
  const names = verb !== undefined && Object.hasOwn(VERBS, verb) ? [verb] : Object.keys(VERBS);
  const modules = await Promise.all(names.map((name) => VERBS[name]()));
  for (const m of modules) m.register(program);
  for (const cmd of program.commands) cmd.addHelpText('after', EXIT_CODES_HELP);
  return program;
}
