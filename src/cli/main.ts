#!/usr/bin/env node
import { CommanderError } from 'commander';
import { UserError } from '../errors.js';
import { buildProgram } from './program.js';

// `musl-patch scan ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
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
