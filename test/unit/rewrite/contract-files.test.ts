import { describe, expect, it } from 'vitest';
import { contractOfRewrite, readPrototypesHeader, renderKernelBackend, type VersionContract } from '../../../src/rewrite/index.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';

const probed = (key: string, number: number | null, arity: number) => ({ key, number, arity, sites: 1, cancellable: false, kernelName: null });

describe('contractOfRewrite', () => {
  const rewrite = {
    version: '1.2.5',
    arches: ['x86_64' as const],
    naming: DEFAULT_NAMING,
    probes: { x86_64: { functions: [probed('syscall_SYS_write', 1, 3), probed('socketcall_connect', 42, 6), probed('syscall_SYS_statx', 332, 5)] } },
    unreferenced: { x86_64: ['syscall_SYS_statx'] },
    asmFunctions: { x86_64: { 'src/thread/x86_64/clone.s': ['syscall_clone'], 'src/process/x86_64/vfork.s': ['syscall_SYS_write'] } },
    dynamicSites: [{ file: 'src/misc/syscall.c', line: 1 }],
  };
  it('splits probed functions (with numbers) from what only assembly and run-time sites reference, leaving out dead code', () => {
    const contract = contractOfRewrite(rewrite as unknown as Parameters<typeof contractOfRewrite>[0]);
    expect(contract).toEqual({
      version: '1.2.5',
      arches: [
        {
          arch: 'x86_64',
          constant: [
            { name: 'socketcall_connect', arity: 6, number: 42 },
            { name: 'syscall_SYS_write', arity: 3, number: 1 },
          ],
          special: ['syscall_clone', 'syscall_n'],
          unreferenced: ['syscall_SYS_statx'],
        },
      ],
    });
  });
  it('refuses a probed function without a number', () => {
    const broken = { ...rewrite, probes: { x86_64: { functions: [probed('syscall_SYS_nope', null, 1)] } } };
    expect(() => contractOfRewrite(broken as unknown as Parameters<typeof contractOfRewrite>[0])).toThrow(/syscall_SYS_nope: no system call number on x86_64/);
  });
});

describe('renderKernelBackend', () => {
  const contract: VersionContract = {
    version: '1.2.5',
    arches: [
      { arch: 'x86_64', constant: [{ name: 'syscall_SYS_getpid', arity: 0, number: 39 }, { name: 'syscall_SYS_write', arity: 3, number: 1 }], special: ['syscall_SYS_rt_sigreturn', 'syscall_n'], unreferenced: ['syscall_SYS_statx'] },
      { arch: 'i386', constant: [{ name: 'syscall_SYS_write', arity: 3, number: 4 }], special: ['syscall_SYS_sigreturn'], unreferenced: [] },
    ],
  };
  const files = renderKernelBackend(contract);
  it('writes one prototypes header and one passthrough table per arch', () => {
    expect(files.map((f) => f.path)).toEqual(['include/1.2.5/musl_backend.h', 'passthrough/1.2.5/x86_64.h', 'passthrough/1.2.5/i386.h']);
  });
  it('declares every function per arch with C linkage, and refuses other arches', () => {
    const header = files[0].text;
    expect(header).toContain('#ifdef __cplusplus\nextern "C" {\n#endif');
    expect(header).toContain(
      '#if defined(__x86_64__)\n/* x86_64: 4 functions */\n' +
        '/* not referenced on x86_64, the compiler drops the calling code: syscall_SYS_statx */\n' +
        'long syscall_SYS_getpid(void);\nlong syscall_SYS_write(long, long, long);\n' +
        'long syscall_SYS_rt_sigreturn(void); /* jumped to with the signal frame at the stack pointer; never returns */\n' +
        'long syscall_n(long nr, long a, long b, long c, long d, long e, long f);\n' +
        '#elif defined(__i386__)\n/* i386: 2 functions */\nlong syscall_SYS_write(long, long, long);\n',
    );
    expect(header).toContain('#else\n#error "musl-patch: no backend contract for this arch in musl 1.2.5"\n#endif');
  });
  it('refuses a special function it has no prototype for', () => {
    expect(() => renderKernelBackend({ version: '1', arches: [{ arch: 'x86_64', constant: [], special: ['syscall_mystery'], unreferenced: [] }] })).toThrow(/no prototype known for syscall_mystery/);
  });
});

describe('readPrototypesHeader', () => {
  it('reads back the names per arch of a rendered header, constant and special alike, not the dead-code comment', () => {
    const header = renderKernelBackend({
      version: '1.2.5',
      arches: [
        { arch: 'x86_64', constant: [{ name: 'syscall_SYS_write', arity: 3, number: 1 }], special: ['syscall_clone', 'syscall_n'], unreferenced: ['syscall_SYS_statx'] },
        { arch: 'i386', constant: [{ name: 'syscall_SYS_write', arity: 3, number: 4 }, { name: 'socketcall_connect', arity: 6, number: 362 }], special: ['syscall_SYS_sigreturn'], unreferenced: [] },
      ],
    })[0].text;
    expect(readPrototypesHeader(header)).toEqual(
      new Map([
        ['x86_64', ['syscall_SYS_write', 'syscall_clone', 'syscall_n']],
        ['i386', ['socketcall_connect', 'syscall_SYS_sigreturn', 'syscall_SYS_write']],
      ]),
    );
  });
});
