import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { includersOf, sitesOfPreprocessed } from '../../../src/rewrite/probe.js';
import { asmSiteFunctions, asmSites, firstTrap } from '../../../src/arch/index.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';
import { predictedFunctions } from '../../../src/rewrite/predict.js';

describe('sitesOfPreprocessed', () => {
  const text = [
    '# 1 "/t/src/unistd/read.c"',
    '# 1 "/t/src/internal/syscall.h" 1',
    'static inline long w(void) { return __bk_syscall_SYS_futex(__bk_direct, a, b, c, 0, 0, 0, 0, 0, 0); }',
    '# 5 "/t/src/unistd/read.c" 2',
    '',
    'ssize_t read(int fd) { return __syscall_ret(__bk_syscall_SYS_read(__bk_cp, fd, buf, (long[1]){x, y}, 0, 0, 0, 0, 0, 0)); }',
    'long g(void) { return __bk_syscall_SYS_getpid(__bk_direct, 0, 0, 0, 0, 0, 0); }',
    'int __bk_unrelated(int);',
  ].join('\n');

  it('locates each backend call through the line markers and counts its arguments like the preprocessor', () => {
    expect(sitesOfPreprocessed(text, '/t')).toEqual([
      { file: 'src/internal/syscall.h', line: 1, key: 'syscall_SYS_futex', argCount: 3, cancellable: false },
      { file: 'src/unistd/read.c', line: 6, key: 'syscall_SYS_read', argCount: 4, cancellable: true },
      { file: 'src/unistd/read.c', line: 7, key: 'syscall_SYS_getpid', argCount: 0, cancellable: false },
    ]);
  });
});

describe('includersOf', () => {
  it('follows quoted and angle includes through headers, once per cycle', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mp-includers-'));
    for (const d of ['arch/x86_64', 'arch/generic', 'src/include', 'src/internal', 'include', 'src/a']) mkdirSync(path.join(root, d), { recursive: true });
    writeFileSync(path.join(root, 'src/internal/syscall.h'), '');
    writeFileSync(path.join(root, 'src/internal/pthread_impl.h'), '#include "loop.h"\n#include "syscall.h"\n');
    writeFileSync(path.join(root, 'src/internal/loop.h'), '#include "pthread_impl.h"\n');
    writeFileSync(path.join(root, 'include/stdio.h'), '');
    writeFileSync(path.join(root, 'src/a/direct.c'), '#include "syscall.h"\n');
    writeFileSync(path.join(root, 'src/a/indirect.c'), '#include <stdio.h>\n#include "pthread_impl.h"\n');
    writeFileSync(path.join(root, 'src/a/none.c'), '#include <stdio.h>\n');
    const files = ['direct.c', 'indirect.c', 'none.c'].map((f) => path.join(root, 'src/a', f));
    expect(includersOf(root, 'x86_64', files, path.join(root, 'src/internal/syscall.h'))).toEqual(files.slice(0, 2));
  });
});

describe('assembly sites', () => {
  it('leaves no trap instruction in any rewritten assembly file', () => {
    for (const arch of ['x86_64', 'i386', 'aarch64']) {
      for (const site of asmSites(arch)) {
        if (site.action.kind !== 'rewrite') continue;
        expect(firstTrap(arch, site.action.content(DEFAULT_NAMING)), site.file).toBeNull();
      }
    }
  });

  it('recognises the traps of the pristine files it replaces', () => {
    expect(firstTrap('x86_64', '__restore_rt:\n\tmov $15, %rax\n\tsyscall\n')).toBe('syscall');
    expect(firstTrap('i386', '1:\tint $128\n\tret\n')).toBe('int $128');
    expect(firstTrap('aarch64', '\tmov x8,#139 // SYS_rt_sigreturn\n\tsvc 0\n')).toBe('svc 0');
    expect(firstTrap('x86_64', '\tjmp __cancel /* no syscall here */\n')).toBeNull();
    expect(firstTrap('x86_64', '/*\nsyscall\n*/\tret\n')).toBeNull();
  });

  it('documents what each replacement references', () => {
    expect(asmSiteFunctions('x86_64')).toEqual({
      'src/thread/x86_64/syscall_cp.s': [],
      'src/signal/x86_64/restore.s': ['syscall_SYS_rt_sigreturn'],
      'src/thread/x86_64/clone.s': ['syscall_clone'],
      'src/process/x86_64/vfork.s': ['syscall_SYS_fork'],
      'src/thread/x86_64/__unmapself.s': ['syscall_SYS_munmap', 'syscall_SYS_exit'],
      'src/thread/x86_64/__set_thread_area.s': ['syscall_SYS_arch_prctl'],
    });
    expect(asmSiteFunctions('i386')['src/internal/i386/defsysinfo.s']).toEqual(['syscall_n']);
    expect(asmSiteFunctions('aarch64')['src/process/aarch64/vfork.s']).toEqual(['syscall_SYS_clone']);
  });
});

describe('predictedFunctions', () => {
  it('unites probed keys, the dynamic function and assembly references', () => {
    const functions = [
      { key: 'syscall_SYS_read', arity: 3, sites: 1, cancellable: true, number: 0, kernelName: 'SYS_read' },
      { key: 'socketcall_connect', arity: 6, sites: 1, cancellable: true, number: 42, kernelName: 'SYS_connect' },
    ];
    const result = {
      probes: { x86_64: { arch: 'x86_64', sites: [], functions } },
      unreferenced: {},
      asmFunctions: { x86_64: { 'a.s': ['syscall_clone', 'syscall_SYS_read'] } },
      dynamicSites: [{ file: 'src/misc/syscall.c', line: 20, callee: '__syscall', number: 'n', args: [] }],
      naming: DEFAULT_NAMING,
    };
    expect(predictedFunctions(result, 'x86_64')).toEqual(['socketcall_connect', 'syscall_SYS_read', 'syscall_clone', 'syscall_n']);
  });
});
