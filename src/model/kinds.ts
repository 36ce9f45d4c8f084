// Lists of names the data model is built on, kept free of zod so that a cached scan never loads it.

/** How a syscall site reaches the kernel. */
export const SITE_KINDS = ['constant', 'socketcall', 'wrapper', 'dynamic', 'trap'] as const;
