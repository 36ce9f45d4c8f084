#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { register as coverage } from './commands/coverage.js';
import { register as diff } from './commands/diff.js';
import { register as fetch } from './commands/fetch.js';
import { register as nix } from './commands/nix.js';
import { register as stubs } from './commands/stubs.js';
import { register as sync } from './commands/sync.js';
import { register as table } from './commands/table.js';

// cli/ only parses arguments and calls the stages; each verb lives in commands/<verb>.ts.
const program = new Command('musl-patch')
  .description('Rewrite musl libc so every system call is a plain C call into a unikernel backend')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// In pipeline order, so --help reads like the job.
for (const register of [fetch, table, coverage, stubs, diff, sync, nix]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof UserError) {
    process.stderr.write(`${err.line()}\n`);
    process.exit(err.exitCode);
  }
  if (err instanceof CommanderError) process.exit(err.exitCode);
  // Anything else is a bug or an environment failure: still one line, the stack only on request.
  process.stderr.write(`musl-patch: ${(err as Error).message.split('\n')[0]} (set MUSL_PATCH_DEBUG=1 for a stack trace)\n`);
  if (process.env.MUSL_PATCH_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(70);
}
