import { Command } from 'commander';
import { register as apply } from './commands/apply.js';
import { register as boot } from './commands/boot.js';
import { register as build } from './commands/build.js';
import { register as coverage } from './commands/coverage.js';
import { register as diff } from './commands/diff.js';
import { register as fetch } from './commands/fetch.js';
import { register as nix } from './commands/nix.js';
import { register as scan } from './commands/scan.js';
import { register as stubs } from './commands/stubs.js';
import { register as sync } from './commands/sync.js';
import { register as table } from './commands/table.js';
import { register as verify } from './commands/verify.js';

/** The whole CLI: cli/ only parses arguments and calls the stages; each verb lives in commands/<verb>.ts. */
export function buildProgram(): Command {
  const program = new Command('musl-patch')
    .description('Rewrite musl libc so every system call is a plain C call into a unikernel backend')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // In pipeline order, so --help reads like the job.
  for (const register of [fetch, table, scan, apply, build, verify, coverage, stubs, diff, sync, nix, boot]) register(program);
  return program;
}
