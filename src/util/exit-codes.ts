// The CLI's exit codes, as eslint's: one table, used by main.ts, every verb's --help and README.

export const EXIT = {
  /** The command did what was asked and every check passed. */
  ok: 0,
  /** A check failed (coverage below --fail-on, stale generated files, a verification, drift). */
  checkFailed: 1,
  /** Usage or environment error the user can fix: the one line printed says how. */
  usage: 2,
  /** Internal error: a bug in musl-patch (EX_SOFTWARE). */
  bug: 70,
} as const;

/** Shown after every verb's --help. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    a check failed (the report says which)
  2    usage or environment error (one line says what is wrong and how to fix it)
  70   internal error: a bug in musl-patch, please report it (MUSL_PATCH_DEBUG=1 shows the stack)
  128+N  stopped by signal N (130 SIGINT, 143 SIGTERM, 129 SIGHUP); temporary files are removed`;
