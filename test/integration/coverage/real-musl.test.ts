// Coverage of the IncludeOS-style fixture against what real musl 1.2.5 needs on every supported
// arch, then stubs for everything missing: they compile with -Werror and close every gap.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { runCoverage, type CoverageRun } from '../../../src/backend/run.js';
import { scanSites } from '../../../src/backend/sites.js';
import { generateStubs } from '../../../src/backend/stubs.js';
import type { CoverageEntry, SyscallSite } from '../../../src/model/index.js';
import { writeOutputFile } from '../../../src/util/output.js';
import { compileAgainstPatchedMusl, muslTree } from '../musl-trees.js';
import { socketcallArities } from '../../../src/musl/public-arity.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'fixtures', 'backend-includeos');
const ARCHES = ['x86_64', 'i386', 'aarch64'];
let sites: SyscallSite[];
let before: CoverageRun;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-coverage-'));
  sites = await scanSites(await muslTree('1.2.5'), ARCHES);
  before = await runCoverage({ version: '1.2.5', arches: ARCHES, sites, backendPaths: [fixture], config: defaultBackendConfig() });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

const entry = (arch: string, symbol: string): CoverageEntry | undefined =>
  before.report.arches.find((a) => a.arch === arch)!.entries.find((e) => e.symbol === symbol);

describe('musl 1.2.5 against the fixture backend', () => {
  test('per-arch needs follow musl: mmap2 vs mmap, open not on aarch64, names as written', () => {
    // i386 maps with SYS_mmap2; x86_64 with SYS_mmap, and its __init_tls.c still writes SYS_mmap2
    // (#defined to SYS_mmap there), so the name as written is needed too.
    expect(entry('i386', 'syscall_SYS_mmap2')?.sites.map((s) => s.file)).toContain('src/mman/mmap.c');
    expect(entry('i386', 'syscall_SYS_mmap')).toBeUndefined();
    expect(entry('x86_64', 'syscall_SYS_mmap')?.sites.map((s) => s.file)).toEqual(['src/mman/mmap.c']);
    expect(entry('x86_64', 'syscall_SYS_mmap2')?.sites.map((s) => s.file)).toEqual(['src/env/__init_tls.c']);
    expect(entry('x86_64', 'syscall_SYS_open')?.status).toBe('missing');
    expect(entry('aarch64', 'syscall_SYS_open')).toBeUndefined();
    expect(entry('aarch64', 'syscall_SYS_openat')?.status).toBe('missing');
  });

  test("socket calls are checked against musl's public prototypes: IncludeOS's 3-parameter connect is right", async () => {
    const naturalArity = await socketcallArities(await muslTree('1.2.5'));
    expect([naturalArity.get('socketcall_connect'), naturalArity.get('socketcall_getsockopt'), naturalArity.get('socketcall_sendto')]).toEqual([3, 5, 6]);
    const run = await runCoverage({ version: '1.2.5', arches: ARCHES, sites, backendPaths: [fixture], config: defaultBackendConfig(), tree: await muslTree('1.2.5') });
    for (const a of run.report.arches) {
      const connect = a.entries.find((e) => e.symbol === 'socketcall_connect')!;
      expect([connect.neededArity, connect.naturalArity, connect.definition?.params?.length, connect.arityMismatch]).toEqual([6, 3, 3, false]);
    }
    // Without the prototypes (sites read from JSON) only the sites' six count.
    expect(entry('x86_64', 'socketcall_connect')?.arityMismatch).toBe(true);
  });

  test('fixture definitions are classified and checked against the call sites', () => {
    for (const arch of ARCHES) {
      expect([entry(arch, 'syscall_SYS_write')?.status, entry(arch, 'syscall_SYS_write')?.arityMismatch]).toEqual(['implemented', false]);
      // read(fd, buf, count): the fixture's two-parameter definition is flagged.
      expect([entry(arch, 'syscall_SYS_read')?.neededArity, entry(arch, 'syscall_SYS_read')?.arityMismatch]).toEqual([3, true]);
      expect(entry(arch, 'syscall_SYS_mlock')?.status).toBe('stub');
      expect(entry(arch, 'syscall_SYS_mlock')?.reachedFrom).toContain('mlock');
      expect(entry(arch, 'socketcall_connect')?.reachedFrom).toContain('connect');
      expect([entry(arch, 'syscall_n')?.status, entry(arch, 'syscall_n')?.neededArity]).toEqual(['implemented', 7]);
    }
    // Everything the fixture defines is needed on x86_64.
    expect(before.report.arches[0].unneeded.map((s) => s.name)).toEqual([]);
  });

  test('stubs for every missing symbol compile with -Werror and leave nothing missing', async () => {
    const backend = path.join(work, 'backend');
    await cp(fixture, backend, { recursive: true });
    const cppStubs = path.join(backend, 'missing_stubs.cpp');
    await writeOutputFile(cppStubs, generateStubs(before.report, { lang: 'cpp', marker: 'STUB', includes: [], prototypes: before.reading.prototypes }));
    // C++ with the host's g++ and libstdc++ (no musl-targeting C++ library here): this checks the
    // stubs' C++ syntax and C linkage; the C flavour below checks them against musl's headers.
    execFileSync('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-c', cppStubs, '-o', path.join(work, 'stubs-cpp.o')], { stdio: 'pipe' });
    // The C flavour for every arch, against that arch's patched musl headers, as a kernel compiles it.
    const cStubs = path.join(work, 'missing_stubs.c');
    await writeOutputFile(cStubs, generateStubs(before.report, { lang: 'c', marker: 'STUB', includes: [], prototypes: before.reading.prototypes }));
    for (const arch of ARCHES) {
      const { cc, flags } = await compileAgainstPatchedMusl('1.2.5', arch);
      execFileSync(cc, [...flags, '-std=gnu11', '-Wall', '-Wextra', '-Werror', '-c', cStubs, '-o', path.join(work, `stubs-${arch}.o`)], { stdio: 'pipe' });
    }

    const after = await runCoverage({ version: '1.2.5', arches: ARCHES, sites, backendPaths: [backend], config: defaultBackendConfig() });
    expect(after.reading.warnings).toEqual([]);
    for (const arch of after.report.arches) {
      const old = before.report.arches.find((a) => a.arch === arch.arch)!.totals;
      expect(arch.totals.missing, arch.arch).toBe(0);
      expect(arch.totals.stub, arch.arch).toBe(old.stub + old.missing);
      expect(arch.totals.implemented, arch.arch).toBe(old.implemented);
    }
  });
});
