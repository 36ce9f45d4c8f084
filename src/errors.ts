/**
 * An error caused by the user's input or environment. The CLI prints it as one line —
 * what is wrong, then how to fix it — and exits with `exitCode`; never a stack trace.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** The single line the CLI prints. */
  line(): string {
    return `musl-patch: ${this.message} (${this.hint})`;
  }
}
