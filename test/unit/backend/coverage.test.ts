import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { computeCoverage } from '../../../src/backend/coverage.js';
import { neededSymbols } from '../../../src/scan/index.js';
import { runCoverage } from '../../../src/backend/run.js';
import type { BackendSymbol } from '../../../src/model/index.js';
import { sampleSites, site } from './sites.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'fixtures', 'backend-includeos');

function def(name: string, status: BackendSymbol['status'], params: string[] | null, extra: Partial<BackendSymbol> = {}): BackendSymbol {
  return { name, status, file: 'k.cpp', line: 1, params, weak: false, ...extra };
}

describe('neededSymbols', () => {
  test('arity is the maximum over sites; syscall_n always takes the number plus six', () => {
    const needed = neededSymbols([
      site('x86_64', 'syscall_SYS_open', 2),
      site('x86_64', 'syscall_SYS_open', 3),
      site('x86_64', 'syscall_n', 1, { kind: 'dynamic' }),
      site('x86_64', 'syscall_SYS_x', null),
      site('x86_64', 'syscall', null, { kind: 'trap', backendSymbol: null, token: null }),
    ]);
    expect([...needed].map(([name, n]) => [name, n.arity, n.sites.length])).toEqual([
      ['syscall_SYS_open', 3, 2],
      ['syscall_SYS_x', null, 1],
      ['syscall_n', 7, 1],
    ]);
  });
});

describe('computeCoverage', () => {
  test('classifies needed symbols, flags arity and lists unneeded definitions', () => {
    const report = computeCoverage({
      version: '1.2.5',
      backend: ['k'],
      needed: new Map([['x86_64', neededSymbols(sampleSites().filter((s) => s.arch === 'x86_64'))]]),
      symbols: [
        def('syscall_SYS_write', 'implemented', ['int', 'const void*', 'size_t']),
        def('syscall_SYS_read', 'implemented', ['int', 'void*']),
        def('syscall_SYS_mlock', 'stub', ['const void*', 'size_t']),
        def('syscall_SYS_pread64', 'implemented', null),
        def('syscall_SYS_reboot', 'stub', []),
      ],
    });
    const arch = report.arches[0];
    expect(arch.entries.map((e) => [e.symbol, e.status, e.neededArity, e.arityMismatch])).toEqual([
      ['socketcall_connect', 'missing', 3, false],
      ['socketcall_getsockopt', 'missing', 5, false],
      ['syscall_SYS_acct', 'missing', 1, false],
      ['syscall_SYS_madvise', 'missing', 3, false],
      ['syscall_SYS_mlock', 'stub', 2, false],
      ['syscall_SYS_pread64', 'implemented', 4, false],
      ['syscall_SYS_read', 'implemented', 3, true],
      ['syscall_SYS_write', 'implemented', 3, false],
      ['syscall_n', 'missing', 7, false],
    ]);
    expect(arch.totals).toEqual({ needed: 9, implemented: 3, stub: 1, missing: 5, arity: 1, abi: 0 });
    expect(arch.unneeded.map((s) => s.name)).toEqual(['syscall_SYS_reboot']);
  });

  test('reached-from lists the object symbols of all sites; internal-only sites add none', () => {
    const report = computeCoverage({
      version: '1.2.5',
      backend: ['k'],
      needed: new Map([
        [
          'x86_64',
          neededSymbols([
            site('x86_64', 'syscall_SYS_write', 3, { objectSymbols: ['write'], file: 'src/unistd/write.c', line: 6 }),
            site('x86_64', 'syscall_SYS_write', 3, { objectSymbols: ['dprintf', 'vdprintf'], file: 'src/stdio/vdprintf.c', line: 3 }),
            site('x86_64', 'syscall_SYS_exit', 1, { function: '_Exit', file: 'src/exit/_Exit.c' }),
            site('x86_64', 'syscall_SYS_tkill', 2, { function: 'raise', file: 'src/signal/raise.c' }),
          ]),
        ],
      ]),
      symbols: [],
    });
    const byName = new Map(report.arches[0].entries.map((e) => [e.symbol, e]));
    expect(byName.get('syscall_SYS_write')!.reachedFrom).toEqual(['dprintf', 'vdprintf', 'write']);
    expect(byName.get('syscall_SYS_write')!.sites.map((s) => s.file)).toEqual(['src/stdio/vdprintf.c', 'src/unistd/write.c']);
    expect(byName.get('syscall_SYS_exit')!.reachedFrom).toEqual([]);
    expect(byName.get('syscall_SYS_exit')!.sites.map((s) => s.function)).toEqual(['_Exit']);
    expect(byName.get('syscall_SYS_tkill')!.reachedFrom).toEqual([]);
  });

  test('of several definitions, a strong one beats a weak one, then the fitting arity, then an implementation', () => {
    const needed = new Map([['x86_64', neededSymbols([site('x86_64', 'syscall_SYS_a', 2), site('x86_64', 'syscall_SYS_b', 2)])]]);
    const report = computeCoverage({
      version: '1.2.5',
      backend: ['k'],
      needed,
      symbols: [
        def('syscall_SYS_a', 'implemented', ['long', 'long'], { weak: true, line: 1 }),
        def('syscall_SYS_a', 'stub', ['long', 'long'], { line: 2 }),
        def('syscall_SYS_b', 'implemented', ['long'], { line: 3 }),
        def('syscall_SYS_b', 'stub', ['long', 'long'], { line: 4 }),
      ],
    });
    expect(report.arches[0].entries.map((e) => [e.symbol, e.status, e.definition?.line, e.arityMismatch])).toEqual([
      ['syscall_SYS_a', 'stub', 2, false],
      ['syscall_SYS_b', 'stub', 4, false],
    ]);
  });
});

describe('arity of socket calls', () => {
  test('a definition may take the Linux call\'s arity (connect: 3) or the six the sites pass, nothing else', () => {
    const needed = new Map([['x86_64', neededSymbols([site('x86_64', 'socketcall_connect', 6, { kind: 'socketcall' }), site('x86_64', 'socketcall_bind', 6, { kind: 'socketcall' }), site('x86_64', 'socketcall_listen', 6, { kind: 'socketcall' })])]]);
    const report = computeCoverage({
      version: '1.2.5',
      backend: ['k'],
      needed,
      naturalArity: new Map([['socketcall_connect', 3], ['socketcall_bind', 3], ['socketcall_listen', 2]]),
      symbols: [
        def('socketcall_connect', 'implemented', ['int', 'const struct sockaddr*', 'socklen_t']),
        def('socketcall_bind', 'implemented', ['int', 'const struct sockaddr*']),
        def('socketcall_listen', 'implemented', ['long', 'long', 'long', 'long', 'long', 'long']),
      ],
    });
    expect(report.arches[0].entries.map((e) => [e.symbol, e.neededArity, e.naturalArity, e.arityMismatch])).toEqual([
      ['socketcall_bind', 6, 3, true],
      ['socketcall_connect', 6, 3, false],
      ['socketcall_listen', 6, 2, false],
    ]);
  });
});

describe('runCoverage on the IncludeOS-style fixture', () => {
  test('per arch, with the arity mismatch of syscall_SYS_read and i386-only needs', async () => {
    const { report, reading } = await runCoverage({
      version: '1.2.5',
      arches: ['x86_64', 'i386'],
      sites: sampleSites(),
      backendPaths: [fixture],
      config: defaultBackendConfig(),
      relativeTo: fixture,
    });
    expect(reading.warnings).toEqual([]);
    expect(report.arches.map((a) => [a.arch, a.totals])).toEqual([
      ['x86_64', { needed: 9, implemented: 4, stub: 3, missing: 2, arity: 1, abi: 0 }],
      ['i386', { needed: 10, implemented: 4, stub: 3, missing: 3, arity: 1, abi: 0 }],
    ]);
    const missing = report.arches[1].entries.filter((e) => e.status === 'missing').map((e) => e.symbol);
    expect(missing).toEqual(['syscall_SYS_acct', 'syscall_SYS_getuid32', 'syscall_SYS_pread64']);
  });
});
