// Real musl 1.2.5, rewritten and built for each supported arch: the trap gate, the needed
// backend set against the rewrite's prediction, duplicate strong definitions. The plain build
// is verified too: the gate must see the traps DESIGN.md §3/§4 measured independently.
import { describe, expect, it } from 'vitest';
import { SUPPORTED_ARCHES } from '../../../src/model.js';
import { resolveMuslTree } from '../../../src/source/index.js';
import { buildPatchedMusl, buildPlainMusl, findToolchain, verifyLibc, verifyPatchedMusl } from '../../../src/build/index.js';

const PLAIN_TRAPS: Record<string, number> = { x86_64: 509, i386: 530 + 14, aarch64: 481 };

describe.each(SUPPORTED_ARCHES)('musl 1.2.5 on %s', (arch) => {
  it('plain libc.a traps where DESIGN.md says it does', async () => {
    const tree = await resolveMuslTree('1.2.5');
    const plain = await buildPlainMusl(tree, arch);
    const v = await verifyLibc(await findToolchain(arch), { libc: plain.libc, crt: [] }, null);
    expect(v.traps.length).toBe(PLAIN_TRAPS[arch]);
    expect(v.needed).toEqual([]);
  });

  it('patched libc.a and crt have no trap, need exactly the predicted backend set, define nothing twice', async () => {
    const tree = await resolveMuslTree('1.2.5');
    const patched = await buildPatchedMusl(tree, arch);
    const v = await verifyPatchedMusl(patched);
    expect(v.traps).toEqual([]);
    expect(v.prediction).toEqual({ missing: [], unexpected: [] });
    expect(v.duplicates).toEqual([]);
    expect(v.needed).toContain('syscall_n');
    expect(v.needed).toContain('syscall_SYS_close');
    expect(v.needed).toContain('socketcall_connect');
    expect(v.needed).toContain('syscall_clone');
  });
});
