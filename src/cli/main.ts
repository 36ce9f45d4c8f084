#!/usr/bin/env node
import { EXIT } from '../util/exit-codes.js';
import { exitAfterDrain } from '../util/stdio.js';
import { installSignalCleanup } from '../util/temp.js';
import { runCommandLine } from './run.js';

// `musl-patch scan ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});
// Ctrl-C, kill, a closed terminal: temporary work is removed, then exit 128+N.
installSignalCleanup();

await exitAfterDrain(await runCommandLine(process.argv));
