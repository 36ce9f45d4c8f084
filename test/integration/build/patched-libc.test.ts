// Real musl, rewritten and built for every supported version × arch: the trap gate, the needed
// backend set (`nm -u`) against both predictions — the rewrite's probe and the scanner's sites —
// and duplicate strong definitions. The plain 1.2.5 build is verified too: the gate must see the
// traps DESIGN.md §3/§4 measured independently. Builds are cached and shared with test/e2e; the
// figures go into the proof table printed at the end of the suite (../proof-table.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath } from '../../../src/rewrite/index.js';
import { asmSiteFunctions, SUPPORTED_ARCHES } from '../../../src/arch/index.js';
import { SUPPORTED_VERSIONS } from '../../../src/source/manifest.js';
import { buildPatchedMusl, buildPlainMusl, findToolchain, verifyLibc, verifyPatchedMusl } from '../../../src/build/index.js';
import { neededSymbols, scan } from '../../../src/scan/index.js';
import { muslTree } from '../musl-trees.js';
import { recordProof } from '../proof-table.js';

// riscv64: 483 `ecall` in plain 1.2.5's libc.a (riscv64-linux-gnu-objdump -d | grep -c ecall).
const PLAIN_TRAPS_125: Record<string, number> = { x86_64: 509, i386: 530 + 14, aarch64: 481, riscv64: 483 };


describe.each(SUPPORTED_ARCHES)('plain musl 1.2.5 on %s', (arch) => {
  it('libc.a traps where DESIGN.md says it does', async () => {
    const plain = await buildPlainMusl(await muslTree('1.2.5'), arch);
    const v = await verifyLibc(await findToolchain(arch), { libc: plain.libc, crt: [] }, null);
    expect(v.traps.length).toBe(PLAIN_TRAPS_125[arch]);
    expect(v.needed).toEqual([]);
  });
});

describe.each(SUPPORTED_VERSIONS.flatMap((v) => SUPPORTED_ARCHES.map((a) => [v, a] as const)))('patched musl %s on %s', (version, arch) => {
  it('has no trap in libc.a and crt, needs exactly the predicted backend set, defines nothing twice', async () => {
    const tree = await muslTree(version);
    const patched = await buildPatchedMusl(tree, arch);
    const v = await verifyPatchedMusl(patched);
    const scanned = (await scan(tree, [arch])).arches[0].sites;
    const predicted = [...neededSymbols(scanned, { asmReferences: asmSiteFunctions(arch) }).keys()];
    const missing = predicted.filter((s) => !v.needed.includes(s));
    const unexpected = v.needed.filter((s) => !predicted.includes(s));
    recordProof(version, arch, {
      traps: v.traps.length,
      nmMissing: missing.length,
      nmUnexpected: unexpected.length,
      nmDifferences: [...missing.map((s) => `${s} predicted, not referenced`), ...unexpected.map((s) => `${s} referenced, not predicted`)],
      duplicates: v.duplicates.length,
      backendSymbols: v.needed.length,
    });
    expect(v.traps).toEqual([]);
    expect(v.duplicates).toEqual([]);
    // Both predictions equal nm -u exactly: the scanner's sites, and the committed prototypes
    // header (the rewrite's probe less the code the compiler drops, e.g. musl 1.2.3's fstatat_statx
    // under `if (sizeof(kstat.st_atime_sec) < sizeof(time_t))`, false on 64-bit).
    expect(unexpected).toEqual([]);
    expect(missing).toEqual([]);
    expect(v.prediction).toEqual({ missing: [], unexpected: [] });
    expect(v.ok).toBe(true);
    // What users get: the shipped series and the committed kernel-backend/ files (check:generated
    // proves both equal a fresh rewrite), and the passthrough the e2e suite uses compiled from that table.
    expect(patched.source).toBe('shipped series');
    const committed = path.join(PACKAGE_KERNEL_BACKEND_ROOT, passthroughTablePath(version, arch));
    expect(readFileSync(patched.passthroughTable, 'utf8')).toBe(readFileSync(committed, 'utf8'));
    expect(v.needed).toContain('syscall_n');
    expect(v.needed).toContain('syscall_SYS_close');
    expect(v.needed).toContain('socketcall_connect');
  });
});
