import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { readBackend } from '../../../src/backend/reader.js';
import { computeCoverage } from '../../../src/backend/coverage.js';
import { neededSymbols } from '../../../src/scan/index.js';
import { formatGithub } from '../../../src/report/github.js';
import { formatMarkdown } from '../../../src/report/markdown.js';
import { parseFailOn } from '../../../src/report/policy.js';
import { formatText } from '../../../src/report/text.js';
import { site } from './sites.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const root = path.join(repo, 'fixtures', 'includeos-repo');
// The needed set brings names without the backend prefix (the clone contract).
const alsoNames = ['syscall_clone'];

describe('the IncludeOS-shaped repository fixture', () => {
  test('every definition is read, with its status, file, return type and arches; no warnings', async () => {
    const reading = await readBackend([path.join(root, 'src')], defaultBackendConfig(), { relativeTo: root, alsoNames });
    expect(reading.warnings).toEqual([]);
    expect(reading.unparsed).toEqual([]);
    const rows = reading.symbols.map((s) => [s.name, s.status, s.file, s.returns, s.arches]);
    expect(rows).toEqual([
      ['socketcall_connect', 'implemented', 'src/musl/socketcall.cpp', 'long', null],
      ['socketcall_getsockopt', 'stub', 'src/musl/socketcall.cpp', 'long', null],
      ['socketcall_socket', 'implemented', 'src/musl/socketcall.cpp', 'long', null],
      ['syscall_SYS__llseek', 'stub', 'src/musl/lseek.cpp', 'off_t', null],
      ['syscall_SYS_arch_prctl', 'implemented', 'src/arch/x86_64/arch_musl.cpp', 'long', ['x86_64']],
      ['syscall_SYS_clock_gettime', 'implemented', 'src/musl/clock.cpp', 'long', null],
      ['syscall_SYS_close', 'implemented', 'src/musl/close.cpp', 'int', null],
      ['syscall_SYS_dup2', 'implemented', 'src/musl/dup.cpp', 'int', null],
      ['syscall_SYS_dup3', 'implemented', 'src/musl/dup.cpp', 'int', null],
      ['syscall_SYS_exit', 'implemented', 'src/kernel/syscalls.cpp', 'void', null],
      ['syscall_SYS_exit_group', 'implemented', 'src/kernel/syscalls.cpp', 'void', null],
      ['syscall_SYS_fadvise', 'implemented', 'src/musl/fadvise.cpp', 'long', null],
      ['syscall_SYS_ftruncate', 'implemented', 'src/musl/ftruncate.cpp', 'long', null],
      ['syscall_SYS_futex', 'stub', 'src/musl/futex.cpp', 'int', null],
      ['syscall_SYS_getegid', 'implemented', 'src/kernel/identity.cpp', 'long', null],
      ['syscall_SYS_geteuid', 'implemented', 'src/kernel/identity.cpp', 'long', null],
      ['syscall_SYS_getgid', 'implemented', 'src/kernel/identity.cpp', 'long', null],
      ['syscall_SYS_getpid', 'implemented', 'src/musl/getpid.cpp', 'long', null],
      ['syscall_SYS_getuid', 'implemented', 'src/kernel/identity.cpp', 'long', null],
      ['syscall_SYS_lseek', 'implemented', 'src/musl/lseek.cpp', 'off_t', null],
      ['syscall_SYS_madvise', 'implemented', 'src/musl/madvise.cpp', 'long', null],
      ['syscall_SYS_mlock', 'stub', 'src/musl/unsupported.cpp', 'long', null],
      ['syscall_SYS_mmap', 'implemented', 'src/musl/mmap.cpp', 'void*', null],
      ['syscall_SYS_msync', 'stub', 'src/musl/unsupported.cpp', 'long', null],
      ['syscall_SYS_munlock', 'stub', 'src/musl/unsupported.cpp', 'long', null],
      ['syscall_SYS_munmap', 'implemented', 'src/musl/mmap.cpp', 'long', null],
      ['syscall_SYS_nanosleep', 'implemented', 'src/musl/clock.cpp', 'long', null],
      ['syscall_SYS_open', 'implemented', 'src/arch/x86_64/arch_musl.cpp', 'long', ['x86_64']],
      ['syscall_SYS_openat', 'implemented', 'src/arch/aarch64/arch_musl.cpp', 'long', ['aarch64']],
      ['syscall_SYS_poll', 'implemented', 'src/musl/poll.cpp', 'long', null],
      ['syscall_SYS_ppoll', 'stub', 'src/musl/poll.cpp', 'int', null],
      ['syscall_SYS_read', 'implemented', 'src/musl/read.cpp', 'int', null],
      ['syscall_SYS_sched_yield', 'implemented', 'src/musl/getpid.cpp', 'long', null],
      ['syscall_SYS_set_thread_area', 'implemented', 'src/arch/aarch64/arch_musl.cpp', 'long', ['aarch64']],
      ['syscall_SYS_set_thread_area', 'stub', 'src/arch/x86_64/arch_musl.cpp', 'long', ['x86_64']],
      ['syscall_SYS_sigaltstack', 'stub', 'src/musl/sigaltstack.cpp', 'long', null],
      ['syscall_SYS_umask', 'implemented', 'src/musl/umask.cpp', 'mode_t', null],
      ['syscall_SYS_write', 'implemented', 'src/musl/write.cpp', 'long', null],
      ['syscall_SYS_writev', 'implemented', 'src/musl/write.cpp', 'long', null],
      ['syscall_clone', 'stub', 'src/arch/aarch64/clone.cpp', 'long', ['aarch64']],
      ['syscall_clone', 'implemented', 'src/arch/x86_64/clone.cpp', 'long', ['x86_64']],
      ['syscall_n', 'implemented', 'src/musl/syscall_n.cpp', 'long', null],
    ]);
  });

  test('typed C++ parameters are kept as written, without names, nullability or default values', async () => {
    const reading = await readBackend([path.join(root, 'src')], defaultBackendConfig(), { relativeTo: root });
    const params = (name: string) => reading.symbols.find((s) => s.name === name)!.params;
    expect(params('syscall_SYS_sigaltstack')).toEqual(['const stack_t*', 'stack_t*']);
    expect(params('syscall_SYS_nanosleep')).toEqual(['const struct timespec*', 'struct timespec*']);
    expect(params('syscall_SYS_write')).toEqual(['int', 'char*', 'size_t']);
    expect(params('syscall_n')).toEqual(['long', 'long', 'long', 'long', 'long', 'long', 'long']);
    expect(params('syscall_SYS_mlock')).toEqual(['const void*', 'size_t']);
    expect(params('syscall_SYS_fadvise')).toEqual(['int', '__kernel_loff_t', '__kernel_size_t', 'int']);
  });

  test('the arch directories limit their definitions however the backend paths are given', async () => {
    const split = await readBackend(['src/musl', 'src/arch/x86_64', 'src/arch/aarch64', 'src/kernel'].map((p) => path.join(root, p)), defaultBackendConfig(), {
      relativeTo: root,
      alsoNames,
    });
    const whole = await readBackend([path.join(root, 'src')], defaultBackendConfig(), { relativeTo: root, alsoNames });
    const arches = (r: typeof whole) => r.symbols.map((s) => `${s.name} ${s.file} ${s.arches?.join(',') ?? 'all'}`);
    expect(arches(split)).toEqual(arches(whole));
  });

  test('the reports say per arch which definition counts and where it is', async () => {
    const reading = await readBackend([path.join(root, 'src')], defaultBackendConfig(), { relativeTo: root, alsoNames });
    const arches = ['x86_64', 'i386', 'aarch64'];
    const needed = new Map(arches.map((arch) => [arch, neededSymbols([site(arch, 'syscall_clone', 7), site(arch, 'syscall_SYS_write', 3)])]));
    const report = computeCoverage({ version: '1.2.5', backend: ['src'], needed, symbols: reading.symbols });
    const clone = (arch: string) => report.arches.find((a) => a.arch === arch)!.entries.find((e) => e.symbol === 'syscall_clone')!;
    expect(['x86_64', 'i386', 'aarch64'].map((a) => [a, clone(a).status, clone(a).definition?.file ?? null])).toEqual([
      ['x86_64', 'implemented', 'src/arch/x86_64/clone.cpp'],
      ['i386', 'missing', null],
      ['aarch64', 'stub', 'src/arch/aarch64/clone.cpp'],
    ]);
    const result = { report, warnings: [] };
    const cloneLine = formatText(result).split('\n').find((l) => l.startsWith('syscall_clone'))!;
    expect(cloneLine).toContain('src/arch/x86_64/clone.cpp:5 (x86_64), src/arch/aarch64/clone.cpp:9 (aarch64)');
    expect(formatMarkdown(result)).toContain('`src/arch/x86_64/clone.cpp:5` (x86_64), `src/arch/aarch64/clone.cpp:9` (aarch64)');
    // The stub annotation points at the aarch64 definition; the missing one (i386) has no file in the repository.
    const annotations = formatGithub(result, parseFailOn('missing')).text.split('\n').filter((l) => l.includes('syscall_clone'));
    expect(annotations).toEqual(['::warning file=src/arch/aarch64/clone.cpp,line=9,title=syscall_clone%3A stub::syscall_clone is a stub in the backend (aarch64)']);
  });
});
