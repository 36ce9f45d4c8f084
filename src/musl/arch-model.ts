import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchModel, MuslTree } from '../model/index.js';
import { checkMalloc, DEFAULT_MALLOC } from './configure.js';
import { readSyscallTable } from './table.js';
import { checkArch } from './tree.js';

/** `-I` order of musl's Makefile (`CFLAGS_ALL`); `obj/` entries are generated at build time. */
function includeDirs(arch: string): string[] {
  return [`arch/${arch}`, 'arch/generic', 'obj/src/internal', 'src/include', 'src/internal', 'obj/include', 'include'];
}

/** `COMPAT_SRC_DIRS` from `arch/ARCH/arch.mak` (e.g. `compat/time32` on 32-bit arches). */
function compatDirs(tree: MuslTree, arch: string): string[] {
  const mak = join(tree.root, 'arch', arch, 'arch.mak');
  if (!existsSync(mak)) return [];
  const m = readFileSync(mak, 'utf8').match(/^COMPAT_SRC_DIRS\s*[:+]?=\s*(.*)$/m);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

function filesIn(root: string, dir: string, pattern: RegExp): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  // withFileTypes: one readdir per directory instead of a stat per file (scans call this often).
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => `${dir}/${e.name}`);
}

const stem = (path: string) => path.replace(/\.[csS]$/, '');

/**
 * Reproduces the source selection of musl's Makefile for a static build:
 * SRC_DIRS = src/* src/malloc/$(MALLOC_DIR) crt ldso $(COMPAT_SRC_DIRS); every DIR/*.c, plus every
 * DIR/ARCH/*.[csS], where an arch file DIR/ARCH/NAME.* replaces DIR/NAME.c. libc.a takes src/ and
 * compat/, the crt objects come from crt/; ldso/ only goes into the shared library. MALLOC_DIR is
 * what `./configure --with-malloc=` wrote to config.mak (default mallocng).
 */
export function selectSources(tree: MuslTree, arch: string, mallocDir = DEFAULT_MALLOC): { sources: string[]; crt: string[] } {
  const srcDirs = readdirSync(join(tree.root, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `src/${d.name}`);
  const dirs = [...srcDirs, `src/malloc/${mallocDir}`, 'crt', 'ldso', ...compatDirs(tree, arch)];
  const base = dirs.flatMap((d) => filesIn(tree.root, d, /\.c$/));
  const archFiles = dirs.flatMap((d) => filesIn(tree.root, `${d}/${arch}`, /\.[csS]$/));
  const replaced = new Set(archFiles.map((f) => stem(f).replace(`/${arch}/`, '/')));
  // Make sorts objects by name; when an arch dir has NAME.c and NAME.s the object is built once.
  const byObject = new Map<string, string>();
  for (const f of [...base.filter((f) => !replaced.has(stem(f))), ...archFiles]) {
    if (!byObject.has(stem(f))) byObject.set(stem(f), f);
  }
  const all = [...byObject.values()].sort();
  return {
    sources: all.filter((f) => f.startsWith('src/') || f.startsWith('compat/')),
    crt: all.filter((f) => f.startsWith('crt/')),
  };
}

/** The per-arch model every later stage works from, for musl configured with `--with-malloc=<mallocDir>`. */
export async function loadArchModel(tree: MuslTree, arch: string, mallocDir = DEFAULT_MALLOC): Promise<ArchModel> {
  checkArch(tree, arch);
  if (mallocDir !== DEFAULT_MALLOC) checkMalloc(tree, mallocDir);
  const { sources, crt } = selectSources(tree, arch, mallocDir);
  return { arch, tree, sources, crt, includeDirs: includeDirs(arch), table: await readSyscallTable(tree, arch) };
}
