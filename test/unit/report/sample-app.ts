// A hand-written report about one program (`coverage --app`) on x86_64: what its link needs, with
// the chains from its calls, and one symbol of its own that nothing defines.
import type { CoverageEntry, CoverageReport } from '../../../src/model/index.js';
import type { AppArch } from '../../../src/model/app.js';

const entry = (symbol: string, status: CoverageEntry['status'], reachedFrom: string[]): CoverageEntry => ({
  symbol,
  status,
  neededArity: 3,
  naturalArity: null,
  definition: status === 'missing' ? null : { name: symbol, status, file: 'kernel/musl/sys.cpp', line: 12, params: ['long', 'long', 'long'], weak: false },
  duplicates: [],
  arityMismatch: false,
  abi: [],
  abiUnknown: [],
  reachedFrom,
  sites: [{ file: `src/x/${symbol}.c`, line: 7, column: 9, function: null }],
});

export function sampleApp(opts: { withSend?: boolean; withHelper?: boolean } = {}): AppArch {
  const send = opts.withSend ?? true;
  return {
    arch: 'x86_64',
    method: 'link',
    inputs: [{ file: 'build/net.o', kind: 'object' }],
    libc: 'musl 1.2.5 patched (shipped series)',
    libcMembers: 103,
    needs: [
      ...(send
        ? [
            {
              symbol: 'socketcall_sendto',
              references: [{ file: 'libc.a(sendto.lo)', function: 'sendto' }],
              calls: [
                {
                  file: 'build/net.o',
                  function: 'main',
                  symbol: 'getaddrinfo',
                  chain: [
                    { file: 'libc.a(getaddrinfo.lo)', symbol: '__lookup_name' },
                    { file: 'libc.a(lookup_name.lo)', symbol: 'sendto' },
                    { file: 'libc.a(sendto.lo)', symbol: 'socketcall_sendto' },
                  ],
                },
                { file: 'build/net.o', function: 'main', symbol: 'send', chain: [{ file: 'libc.a(send.lo)', symbol: 'sendto' }, { file: 'libc.a(sendto.lo)', symbol: 'socketcall_sendto' }] },
              ],
              startup: null,
            },
          ]
        : []),
      {
        symbol: 'syscall_SYS_exit_group',
        references: [{ file: 'libc.a(_Exit.lo)', function: '_Exit' }],
        calls: [],
        startup: [
          { file: 'crt1.o', symbol: '__libc_start_main' },
          { file: 'libc.a(__libc_start_main.lo)', symbol: 'exit' },
          { file: 'libc.a(exit.lo)', symbol: '_Exit' },
          { file: 'libc.a(_Exit.lo)', symbol: 'syscall_SYS_exit_group' },
        ],
      },
      {
        symbol: 'syscall_SYS_writev',
        references: [{ file: 'libc.a(__stdio_write.lo)', function: '__stdio_write' }],
        calls: [{ file: 'build/net.o', function: 'main', symbol: 'printf', chain: [{ file: 'libc.a(printf.lo)', symbol: '__stdout_FILE' }, { file: 'libc.a(stdout.lo)', symbol: '__stdio_write' }, { file: 'libc.a(__stdio_write.lo)', symbol: 'syscall_SYS_writev' }] }],
        startup: null,
      },
    ],
    undefined: opts.withHelper ? [{ symbol: 'helper', references: [{ file: 'build/net.o', function: 'main' }] }] : [],
  };
}

export function sampleAppReport(opts: { withSend?: boolean; withHelper?: boolean } = {}): CoverageReport {
  const app = sampleApp(opts);
  const entries = [
    ...(opts.withSend ?? true ? [entry('socketcall_sendto', 'missing', ['getaddrinfo', 'send'])] : []),
    entry('syscall_SYS_exit_group', 'stub', ['(start-up)']),
    entry('syscall_SYS_writev', 'implemented', ['printf']),
  ];
  const count = (s: CoverageEntry['status']) => entries.filter((e) => e.status === s).length;
  return {
    version: '1.2.5',
    backend: ['kernel/musl'],
    arches: [{ arch: 'x86_64', entries, unneeded: [], totals: { needed: entries.length, implemented: count('implemented'), stub: count('stub'), missing: count('missing'), arity: 0, abi: 0 } }],
    app: { arches: [app] },
  };
}
