import { Command, CommanderError } from 'commander';
import { environmentError, UserError } from '../util/errors.js';
import { EXIT } from '../util/exit-codes.js';
import { buildProgram, VERB_NAMES } from './program.js';

/**
 * Runs a command line and returns its exit code (see util/exit-codes.ts), having printed at most
 * one line for an error. Never exits the process itself: main.ts drains the output first.
 */
export async function runCommandLine(argv: string[], build: (argv: string[]) => Promise<Command> = buildProgram): Promise<number> {
  try {
    await (await build(argv)).parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    const user = err instanceof UserError ? err : environmentError(err);
    if (user) {
      process.stderr.write(`${user.line()}\n`);
      return user.exitCode;
    }
    if (err instanceof CommanderError) return commanderExit(err, argv);
    // Anything else is a bug: still one line, the stack only on request.
    process.stderr.write(
      `musl-patch: internal error: ${(err as Error)?.message?.split('\n')[0] ?? String(err)} (a bug: please report it; MUSL_PATCH_DEBUG=1 prints the stack)\n`,
    );
    if (process.env.MUSL_PATCH_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    return EXIT.bug;
  }
}

/** --help and --version end with 0; every other commander error is a usage error (2), printed as one line. */
function commanderExit(err: CommanderError, argv: string[]): number {
  if (err.exitCode === 0) return EXIT.ok;
  // `musl-patch` alone prints the help (to stderr) and is a usage error.
  if (err.code === 'commander.help') return EXIT.usage;
  const verb = argv.slice(2).find((a) => VERB_NAMES.includes(a));
  process.stderr.write(`musl-patch: ${err.message.replace(/^error: /, '')} (see musl-patch ${verb ? `${verb} ` : ''}--help)\n`);
  return EXIT.usage;
}
