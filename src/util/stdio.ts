// Output is flushed before the process exits: on a pipe, process.stdout is asynchronous and
// process.exit() drops whatever the reader has not taken yet (a JSON report cut at 64 KiB).

import type { Writable } from 'node:stream';

/** Resolves once everything written to `stream` so far has been handed to the OS (or the reader left). */
export function drain(stream: Writable): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  // Write callbacks run in order, so an empty write's callback runs after every earlier chunk.
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/** Flushes stdout and stderr, then exits with `code`. The only way the CLI ends itself. */
export async function exitAfterDrain(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  process.exit(code);
}
