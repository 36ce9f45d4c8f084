// The options of musl's configure that change what a build is (IncludeOS: `--with-malloc=oldmalloc
// --enable-debug`, `CFLAGS="-Wno-error=int-conversion -nostdinc"`). Plain data: the kernel profile
// carries it, the arch model follows `malloc` (the Makefile's MALLOC_DIR picks the allocator's
// sources), build, probe and nix pass all of it to configure.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import type { MuslTree } from '../model/index.js';

export interface MuslConfigure {
  /** `--with-malloc=<dir>`: the allocator under src/malloc/ (musl's default: mallocng). */
  malloc: string;
  /** `--enable-debug`: debug information (-g); changes nothing the proof looks at, but is what is shipped. */
  debug: boolean;
  /** Extra compiler flags, passed to configure as CFLAGS. */
  cflags: string[];
}

export const DEFAULT_MALLOC = 'mallocng';
export const DEFAULT_CONFIGURE: MuslConfigure = { malloc: DEFAULT_MALLOC, debug: false, cflags: [] };

export function isDefaultConfigure(c: MuslConfigure): boolean {
  return c.malloc === DEFAULT_MALLOC && !c.debug && c.cflags.length === 0;
}

/** The configure arguments beyond `--target`, `--prefix` and `--disable-shared`, in musl's own spelling. */
export function configureArgs(c: MuslConfigure): string[] {
  const args: string[] = [];
  if (c.malloc !== DEFAULT_MALLOC) args.push(`--with-malloc=${c.malloc}`);
  if (c.debug) args.push('--enable-debug');
  return args;
}

/** The environment configure reads the extra flags from. */
export function configureEnv(c: MuslConfigure): Record<string, string> {
  return c.cflags.length > 0 ? { CFLAGS: c.cflags.join(' ') } : {};
}

/** A short stable text for cache keys and report lines: `oldmalloc, debug, CFLAGS=-Wno-error=int-conversion -nostdinc`. */
export function describeConfigure(c: MuslConfigure): string {
  return [c.malloc, ...(c.debug ? ['debug'] : []), ...(c.cflags.length > 0 ? [`CFLAGS=${c.cflags.join(' ')}`] : [])].join(', ');
}

/** musl's configure accepts `--with-malloc=X` when src/malloc/X exists; so do we, with the list of what does. */
export function checkMalloc(tree: MuslTree, malloc: string): void {
  if (/^[A-Za-z0-9_-]+$/.test(malloc) && existsSync(path.join(tree.root, 'src', 'malloc', malloc))) return;
  const dirs = ['mallocng', 'oldmalloc'].filter((d) => existsSync(path.join(tree.root, 'src', 'malloc', d)));
  throw new UserError(`musl ${tree.version} has no allocator '${malloc}' (src/malloc/${malloc})`, `use --with-malloc=${dirs.join(' or ')}`);
}
