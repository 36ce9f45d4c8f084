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

/** errno codes that mean the machine, not musl-patch, refused: full disk, permissions, read-only. */
const ENVIRONMENT_ERRNO: Record<string, string> = {
  ENOSPC: 'free some space or choose another location',
  EDQUOT: 'free some space or choose another location',
  EROFS: 'the file system is read-only: choose another location',
  EACCES: 'check the permissions, or choose another location',
  EPERM: 'check the permissions, or choose another location',
  EMFILE: 'too many open files: raise the limit (ulimit -n)',
  ENFILE: 'too many open files: raise the limit (ulimit -n)',
};

/** A file-system error caused by the environment, as a UserError (exit 2); null for anything else (a bug). */
export function environmentError(err: unknown): UserError | null {
  const e = err as NodeJS.ErrnoException;
  const hint = e && typeof e.code === 'string' ? ENVIRONMENT_ERRNO[e.code] : undefined;
  if (!hint) return null;
  const what = e.syscall && e.path ? `cannot ${e.syscall} ${e.path}: ${e.code}` : (e.message ?? String(e.code)).split('\n')[0];
  return new UserError(what, hint);
}
