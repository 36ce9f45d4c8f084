import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MuslTree } from '../../../src/model/index.js';
import { loadArchModel } from '../../../src/musl/arch-model.js';
import { muslTree } from '../musl-trees.js';

const TARGETS: Record<string, { target: string; cc: string }> = {
  x86_64: { target: 'x86_64', cc: 'gcc' },
  i386: { target: 'i386', cc: 'i686-linux-gnu-gcc' },
  aarch64: { target: 'aarch64', cc: 'aarch64-linux-gnu-gcc' },
  riscv64: { target: 'riscv64', cc: 'riscv64-linux-gnu-gcc' },
};

/**
 * The sources musl's own Makefile compiles for libc.a and the crt objects, read from `make -n`
 * in a configured copy of the tree (nothing is compiled).
 */
function makeDryRunSources(tree: MuslTree, arch: string, scratch: string, configure: string[] = []): string[] {
  const dir = join(scratch, [arch, ...configure].join('_').replace(/[^\w]+/g, '_'));
  cpSync(tree.root, dir, { recursive: true });
  const { target, cc } = TARGETS[arch];
  execFileSync('./configure', [`--target=${target}`, '--disable-shared', ...configure, `CC=${cc}`], { cwd: dir, stdio: 'ignore' });
  const out = execFileSync('make', ['-n', 'lib/libc.a', 'lib/crt1.o', 'lib/Scrt1.o', 'lib/rcrt1.o', 'lib/crti.o', 'lib/crtn.o'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return [...out.matchAll(/ -c -o \S+ (\S+)$/gm)].map((m) => m[1].replace(/^\.\//, '')).sort();
}

describe('ArchModel reproduces the source selection of the real build (musl 1.2.5)', () => {
  let tree: MuslTree;
  let scratch: string;
  beforeAll(async () => {
    tree = await muslTree('1.2.5');
    scratch = mkdtempSync(join(tmpdir(), 'arch-model-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(Object.keys(TARGETS))('%s: sources + crt equal make -n exactly', async (arch) => {
    const model = await loadArchModel(tree, arch);
    const expected = makeDryRunSources(tree, arch, scratch);
    expect(expected.length).toBeGreaterThan(1300);
    expect([...model.sources, ...model.crt].sort()).toEqual(expected);
  });

  // IncludeOS configures musl with --with-malloc=oldmalloc: the Makefile's MALLOC_DIR then picks
  // src/malloc/oldmalloc instead of src/malloc/mallocng, and the model must follow.
  it.each(Object.keys(TARGETS))('%s with --with-malloc=oldmalloc: sources + crt equal make -n exactly', async (arch) => {
    const model = await loadArchModel(tree, arch, 'oldmalloc');
    const expected = makeDryRunSources(tree, arch, scratch, ['--with-malloc=oldmalloc']);
    expect([...model.sources, ...model.crt].sort()).toEqual(expected);
    expect(expected.filter((f) => f.startsWith('src/malloc/oldmalloc/')).length).toBeGreaterThan(0);
    expect(expected.filter((f) => f.startsWith('src/malloc/mallocng/'))).toEqual([]);
  });

  it('an allocator the tree does not have is a one-line error naming the ones it has', async () => {
    await expect(loadArchModel(tree, 'x86_64', 'tcmalloc')).rejects.toThrow(/musl 1\.2\.5 has no allocator 'tcmalloc'/);
  });

  it('arch replacements and compat dirs are where the build puts them', async () => {
    const x86 = await loadArchModel(tree, 'x86_64');
    const i386 = await loadArchModel(tree, 'i386');
    expect(x86.sources).toContain('src/thread/x86_64/syscall_cp.s');
    expect(x86.sources).not.toContain('src/thread/syscall_cp.c');
    expect(i386.sources).toContain('src/internal/i386/defsysinfo.s');
    expect(i386.sources.some((s) => s.startsWith('compat/time32/'))).toBe(true);
    expect(x86.sources.some((s) => s.startsWith('compat/'))).toBe(false);
    expect(x86.includeDirs).toEqual(['arch/x86_64', 'arch/generic', 'obj/src/internal', 'src/include', 'src/internal', 'obj/include', 'include']);
  });
});
