// A syscall site as data: the one definition (zod), from which the TypeScript type (z.infer), the
// scanner's JSON check, the reader of `coverage --sites` and the published JSON Schema all derive.
// Imported as a type by the model, so a cached scan still loads no zod.
import { z } from 'zod';
import { SITE_KINDS } from './kinds.js';


/**
 * What musl does with a result first: discards it (`none`), converts it to `type` (`narrow`: `int r =
 * __syscall(...)`), or reads the whole `long` (`full`: through `__syscall_ret`, compared with -ENOSYS);
 * for `full`, `type` is what it ends up as when the code says (`umask` returns `mode_t`).
 */
export const siteResultSchema = z.object({ read: z.enum(['none', 'narrow', 'full']), type: z.string().nullable() });

/** One argument slot: the C type of the value musl passes (null: unknown), and whether it is half of a 64-bit value split in two. */
export const siteArgumentSchema = z.object({ type: z.string().nullable(), half: z.boolean() });

/** One place in musl that issues a system call, as seen for one arch. */
export const siteSchema = z.object({
  arch: z.string(),
  kind: z.enum(SITE_KINDS),
  /** Path relative to the musl tree root. */
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** Enclosing function, or null at file scope / in assembly without a symbol. */
  function: z.string().nullable(),
  /** What is called, as written: `__syscall`, `syscall_cp`, `__syscall3`, `socketcall`, `__sys_open`, or the trap instruction. */
  callee: z.string(),
  /** `SYS_x` as written (constant/wrapper), the op (socketcall), the number expression (dynamic), null for traps. */
  token: z.string().nullable(),
  /** The backend symbol the patched libc calls for this site, null for traps the rewrite removes. */
  backendSymbol: z.string().nullable(),
  /** The kernel syscall this site means on this arch, after musl's aliases; null when it cannot be known statically. */
  resolved: z.object({ name: z.string(), number: z.number().int() }).nullable(),
  /** Number of arguments after the syscall number (or op), as written; null when unknown (traps). */
  argCount: z.number().int().nonnegative().nullable(),
  /** Whether the site is a cancellation point (`_cp` forms). */
  cancellable: z.boolean(),
  /** True when a preprocessor condition around the site could not be decided for this arch. */
  conditional: z.boolean(),
  /** When the site is written in a `#define` body: the macro's name (the site is reported where it is used). */
  viaMacro: z.string().nullable(),
  /** Public (global, non-underscore-hidden) libc symbols defined in the same object file. */
  objectSymbols: z.array(z.string()),
  /** How musl uses the backend's result here; absent when unknown (traps, calls inside macro bodies). */
  result: siteResultSchema.optional(),
  /** What musl passes in each argument slot of the backend function on this arch; absent when unknown. */
  args: z.array(siteArgumentSchema).optional(),
});
