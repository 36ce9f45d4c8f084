// The IncludeOS-shaped fixture repository against real musl 1.2.5: the backend compiles as C++,
// every definition counts for the arches its directory says, and the ABI check finds exactly the
// definitions its README lists, each for the reason musl's own call sites give (read there by hand:
// src/unistd/read.c, src/mq/mq_close.c, src/thread/pthread_barrier_wait.c, src/select/ppoll.c,
// src/select/poll.c, src/mman/madvise.c, src/thread/pthread_cond_timedwait.c, src/unistd/ftruncate.c).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { runCoverage } from '../../../src/backend/run.js';
import { scanSites } from '../../../src/backend/sites.js';
import { muslTree } from '../musl-trees.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const root = path.join(repo, 'fixtures', 'includeos-repo');
const ARCHES = ['x86_64', 'i386', 'aarch64'];

describe('fixtures/includeos-repo against musl 1.2.5', () => {
  test('every backend file compiles as C++17 with -Wall -Wextra -Werror', () => {
    const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cpp'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) execFileSync('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', path.join(root, 'src', f)], { stdio: 'pipe' });
  });

  test('ABI findings per arch: exactly the definitions declared otherwise than musl calls them', async () => {
    const tree = await muslTree('1.2.5');
    const sites = await scanSites(tree, ARCHES);
    const run = await runCoverage({ version: '1.2.5', arches: ARCHES, sites, backendPaths: [path.join(root, 'src')], config: defaultBackendConfig(), relativeTo: root, tree });
    expect(run.reading.warnings).toEqual([]);
    const findings = (arch: string) =>
      run.report.arches
        .find((a) => a.arch === arch)!
        .entries.flatMap((e) => e.abi.map((f) => `${e.symbol} ${f.kind}${f.position === null ? '' : ` ${f.position}`}: ${f.declared} vs ${f.expected}`));
    const lp64 = [
      'syscall_SYS_close return: int vs long',
      'syscall_SYS_futex return: int vs long',
      'syscall_SYS_futex parameter 5: int vs volatile int *',
      'syscall_SYS_madvise parameter 2: int vs size_t',
      'syscall_SYS_ppoll return: int vs long',
      'syscall_SYS_read return: int vs long',
    ];
    expect(findings('x86_64')).toEqual(lp64);
    expect(findings('aarch64')).toEqual(lp64);
    expect(findings('i386')).toEqual(['syscall_SYS_ftruncate parameter 2: off_t vs a 32-bit slot']);
    // Where musl says why: the public function reading the result, the halves on i386.
    const entry = (arch: string, symbol: string) => run.report.arches.find((a) => a.arch === arch)!.entries.find((e) => e.symbol === symbol)!;
    expect(entry('x86_64', 'syscall_SYS_ppoll').abi[0].site).toEqual({ file: 'src/select/ppoll.c', line: 24, function: 'ppoll' });
    expect(entry('aarch64', 'syscall_SYS_ppoll').abi[0].site).toEqual({ file: 'src/select/poll.c', line: 16, function: 'poll' });
    expect(entry('i386', 'syscall_SYS_ftruncate').abi[0].message).toContain('musl passes the two halves of a 64-bit value there as separate arguments (src/unistd/ftruncate.c:6 (ftruncate))');
    // int, mode_t and void where musl stores, returns unsigned or discards: no finding.
    for (const arch of ARCHES) {
      for (const symbol of ['syscall_SYS_dup3', 'syscall_SYS_umask', 'syscall_SYS_exit_group', 'syscall_SYS_exit']) {
        const e = entry(arch, symbol);
        if (e) expect([arch, symbol, e.abi]).toEqual([arch, symbol, []]);
      }
      // Types from the Linux headers are not sized: reported, not guessed.
      expect(entry(arch, 'syscall_SYS_fadvise').abiUnknown).toEqual(['__kernel_loff_t', '__kernel_size_t']);
      expect(run.report.arches.find((a) => a.arch === arch)!.totals.abi).toBe(arch === 'i386' ? 1 : 5);
    }
    expect(entry('x86_64', 'syscall_SYS_dup2').abi).toEqual([]);
  });
});
