// Application coverage (`coverage --app`): what one program's link needs from the backend, and why.
// One zod schema per type; the TypeScript types are inferred from them. Modules that only need the
// types import them with `import type`, so zod is loaded only where a document is validated.
import { z } from 'zod';

/** A file of the link as reports name it: the program's file as given, `libc.a(printf.lo)`, `crt1.o`. */
const linkFile = z.string();

/** "`file` refers to `symbol`": one link in a chain; the next step's file is the one defining `symbol`. */
export const appStepSchema = z.object({ file: linkFile, symbol: z.string() });

/** Where the link refers to a symbol it cannot resolve, as the linker reports it. */
export const appReferenceSchema = z.object({ file: linkFile, function: z.string().nullable() });

/**
 * One call of the program into libc (or straight into the backend) that brings a symbol into the
 * link: `main.o`, in `main`, calls `getaddrinfo`; `chain` continues from the libc member defining
 * it, reference by reference, down to the symbol (empty when the program calls it itself).
 */
export const appCallSchema = z.object({
  file: linkFile,
  function: z.string().nullable(),
  symbol: z.string(),
  chain: z.array(appStepSchema),
});

/** A backend function the program's link needs. */
export const appNeedSchema = z.object({
  symbol: z.string(),
  /** The files and functions that refer to it. */
  references: z.array(appReferenceSchema),
  /** Each of the program's own calls that pulls it in, with the shortest chain. */
  calls: z.array(appCallSchema),
  /** The chain from the C start-up (crt1.o) when start-up alone needs it; null otherwise. */
  startup: z.array(appStepSchema).nullable(),
});

/** A symbol nothing in the link defines that is not a backend function: the program's own gap. */
export const appUndefinedSchema = z.object({
  symbol: z.string(),
  references: z.array(appReferenceSchema),
});

export const appInputSchema = z.object({ file: z.string(), kind: z.enum(['object', 'archive', 'executable']) });

export const appArchSchema = z.object({
  arch: z.string(),
  /**
   * `link`: the objects and archives linked against the patched libc with the backend left out,
   * the needs read from what the linker could not resolve. `symbol-table`: a linked executable,
   * whose backend functions are read from its symbol table (already linked in; no chains).
   */
  method: z.enum(['link', 'symbol-table']),
  inputs: z.array(appInputSchema),
  /** The libc linked against: `musl 1.2.5 patched (shipped series)`. */
  libc: z.string(),
  /** How many archive members the link took from libc.a (0 for an executable). */
  libcMembers: z.number().int(),
  needs: z.array(appNeedSchema),
  undefined: z.array(appUndefinedSchema),
});

export const appCoverageSchema = z.object({ arches: z.array(appArchSchema) });

export type AppStep = z.infer<typeof appStepSchema>;
export type AppReference = z.infer<typeof appReferenceSchema>;
export type AppCall = z.infer<typeof appCallSchema>;
export type AppNeed = z.infer<typeof appNeedSchema>;
export type AppUndefined = z.infer<typeof appUndefinedSchema>;
export type AppInput = z.infer<typeof appInputSchema>;
export type AppArch = z.infer<typeof appArchSchema>;
export type AppCoverage = z.infer<typeof appCoverageSchema>;
