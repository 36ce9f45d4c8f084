// IncludeOS's musl configuration, proven like the default build: musl 1.2.5 with --with-malloc=oldmalloc
// --enable-debug, IncludeOS's CFLAGS and the kernel's own endian.patch (the fixture repository's
// profile, ../includeos-profile.ts), patched and built for each arch. No trap, `nm -u` equal to the
// prediction (the scan of that profile: oldmalloc's sources, not mallocng's), nothing defined twice;
// the allocator really is oldmalloc; and the patched install has the same headers and defined
// symbols as the plain build of the same profile, but __vdsosym. Rows go to the proof table.
import { describe, expect, it } from 'vitest';
import { buildPatchedMusl, buildPlainMusl, findToolchain, verifyPatchedMusl } from '../../../src/build/index.js';
import { compareInstalls } from '../../../src/build/install-diff.js';
import { runCommand } from '../../../src/util/exec.js';
import { SUPPORTED_ARCHES } from '../../../src/arch/index.js';
import { includeosBuildOptions, INCLUDEOS_PROFILE, INCLUDEOS_VERSION } from '../includeos-profile.js';
import { muslTree } from '../musl-trees.js';
import { recordProof } from '../proof-table.js';

describe.each(SUPPORTED_ARCHES)(`patched musl ${INCLUDEOS_VERSION} with IncludeOS's profile (oldmalloc, debug, CFLAGS, endian.patch) on %s`, (arch) => {
  it('has no trap, needs exactly the predicted backend set, defines nothing twice, and is built with oldmalloc', async () => {
    const tree = await muslTree(INCLUDEOS_VERSION);
    const options = includeosBuildOptions();
    expect(options.configure).toEqual({ malloc: 'oldmalloc', debug: true, cflags: ['-Wno-error=int-conversion', '-nostdinc'] });
    const patched = await buildPatchedMusl(tree, arch, options);
    const v = await verifyPatchedMusl(patched);
    recordProof(INCLUDEOS_VERSION, arch, {
      traps: v.traps.length,
      nmMissing: v.prediction?.missing.length,
      nmUnexpected: v.prediction?.unexpected.length,
      nmDifferences: [...(v.prediction?.missing ?? []).map((s) => `${s} predicted, not referenced`), ...(v.prediction?.unexpected ?? []).map((s) => `${s} referenced, not predicted`)],
      duplicates: v.duplicates.length,
      backendSymbols: v.needed.length,
    }, INCLUDEOS_PROFILE);
    expect(patched.prediction).toBe('scan');
    expect(patched.build.configure).toEqual(options.configure);
    expect(v.traps).toEqual([]);
    expect(v.duplicates).toEqual([]);
    expect(v.prediction).toEqual({ missing: [], unexpected: [] });
    expect(v.ok).toBe(true);
    // oldmalloc's own functions are in libc.a, mallocng's are not.
    const tc = await findToolchain(arch);
    const { stdout } = await runCommand(tc.nm, ['--defined-only', '--format=posix', patched.build.libc]);
    const defined = new Set(stdout.split('\n').map((l: string) => l.split(' ')[0]));
    expect(defined.has('__bin_chunk')).toBe(true);
    expect(defined.has('__malloc_alloc_meta')).toBe(false);
    // Compile against the plain build of the same profile, link the patched one: same headers, same symbols.
    const plain = await buildPlainMusl(tree, arch, options);
    const same = await compareInstalls(tc, patched.build.prefix, plain.prefix);
    expect(same.headers).toEqual({ differ: [], onlyHere: [], onlyThere: [], compared: same.headers.compared });
    expect(same.headers.compared).toBeGreaterThan(200);
    expect(same.symbols.onlyHere).toEqual([]);
    expect(same.symbols.onlyThere).toEqual([]);
    expect(same.symbols.expected).toEqual(['__vdsosym']);
    expect(same.ok).toBe(true);
  });
});
