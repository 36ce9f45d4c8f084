// Needs and chains from a hand-made link: which backend functions are left to resolve, the
// program's calls that lead to each (shortest chain, through libc members only), the start-up's,
// and the program's own undefined symbols kept apart.
import { describe, expect, test } from 'vitest';
import type { LinkNode, ProgramLink } from '../../../src/build/link.js';
import { programNeeds } from '../../../src/build/program-needs.js';

const node = (label: string, role: LinkNode['role'], defined: string[], refers: string[], weak: string[] = []): LinkNode => ({
  label,
  role,
  defined: new Set(defined),
  weak: new Set(weak),
  refers: new Set(refers),
});

const nodes = [
  node('crt1.o', 'startup', ['_start'], ['__libc_start_main', 'main']),
  node('build/main.o', 'program', ['main', 'dial'], ['dial', 'getaddrinfo', 'socket', 'printf', 'helper', 'syscall_SYS_direct']),
  node('libc.a(__libc_start_main.lo)', 'library', ['__libc_start_main'], ['exit', 'main', 'syscall_SYS_set_tid_address']),
  node('libc.a(exit.lo)', 'library', ['exit'], ['_Exit']),
  node('libc.a(_Exit.lo)', 'library', ['_Exit'], ['syscall_SYS_exit_group']),
  node('libc.a(getaddrinfo.lo)', 'library', ['getaddrinfo'], ['__lookup_name', 'socket']),
  node('libc.a(lookup_name.lo)', 'library', ['__lookup_name'], ['__res_msend']),
  node('libc.a(res_msend.lo)', 'library', ['__res_msend'], ['socket', 'sendto', 'exit']),
  node('libc.a(socket.lo)', 'library', ['socket'], ['socketcall_socket']),
  node('libc.a(sendto.lo)', 'library', ['sendto'], ['socketcall_sendto']),
  node('libc.a(printf.lo)', 'library', ['printf'], ['vfprintf']),
  // A weak definition loses to a strong one of the same name.
  node('libc.a(dummy.lo)', 'library', ['vfprintf'], ['socketcall_sendto'], ['vfprintf']),
  node('libc.a(vfprintf.lo)', 'library', ['vfprintf'], ['syscall_SYS_writev']),
];
const at = (label: string) => nodes.findIndex((n) => n.label === label);
const link: ProgramLink = {
  nodes,
  unresolved: [
    { node: at('libc.a(__libc_start_main.lo)'), symbol: 'syscall_SYS_set_tid_address', function: '__init_tp' },
    { node: at('libc.a(_Exit.lo)'), symbol: 'syscall_SYS_exit_group', function: '_Exit' },
    { node: at('libc.a(socket.lo)'), symbol: 'socketcall_socket', function: 'socket' },
    { node: at('libc.a(sendto.lo)'), symbol: 'socketcall_sendto', function: 'sendto' },
    { node: at('libc.a(dummy.lo)'), symbol: 'socketcall_sendto', function: null },
    { node: at('libc.a(vfprintf.lo)'), symbol: 'syscall_SYS_writev', function: '__stdio_write' },
    { node: at('build/main.o'), symbol: 'syscall_SYS_direct', function: 'main' },
    { node: at('build/main.o'), symbol: 'helper', function: 'dial' },
  ],
  programReferences: [
    { node: at('build/main.o'), function: 'dial', symbol: 'getaddrinfo' },
    { node: at('build/main.o'), function: 'dial', symbol: 'socket' },
    { node: at('build/main.o'), function: 'dial', symbol: 'helper' },
    { node: at('build/main.o'), function: 'main', symbol: 'dial' },
    { node: at('build/main.o'), function: 'main', symbol: 'printf' },
    { node: at('build/main.o'), function: 'main', symbol: 'syscall_SYS_direct' },
  ],
};
const isBackend = (s: string) => /^(syscall_SYS_|socketcall_)/.test(s);

describe('programNeeds', () => {
  const found = programNeeds(link, isBackend);
  const need = (symbol: string) => found.needs.find((n) => n.symbol === symbol)!;

  test('the backend functions left unresolved, in name order; the rest is the program\'s own gap', () => {
    expect(found.needs.map((n) => n.symbol)).toEqual([
      'socketcall_sendto',
      'socketcall_socket',
      'syscall_SYS_direct',
      'syscall_SYS_exit_group',
      'syscall_SYS_set_tid_address',
      'syscall_SYS_writev',
    ]);
    expect(found.undefined).toEqual([{ symbol: 'helper', references: [{ file: 'build/main.o', function: 'dial' }] }]);
    expect(found.libcMembers).toBe(11);
  });

  test("each of the program's calls that leads there, with the shortest chain through libc", () => {
    expect(need('socketcall_socket').calls).toEqual([
      { file: 'build/main.o', function: 'dial', symbol: 'getaddrinfo', chain: [{ file: 'libc.a(getaddrinfo.lo)', symbol: 'socket' }, { file: 'libc.a(socket.lo)', symbol: 'socketcall_socket' }] },
      { file: 'build/main.o', function: 'dial', symbol: 'socket', chain: [{ file: 'libc.a(socket.lo)', symbol: 'socketcall_socket' }] },
    ]);
    expect(need('socketcall_sendto').calls.map((c) => [c.symbol, c.chain.map((s) => s.symbol)])).toEqual([
      ['getaddrinfo', ['__lookup_name', '__res_msend', 'sendto', 'socketcall_sendto']],
    ]);
    expect(need('socketcall_sendto').references).toEqual([
      { file: 'libc.a(dummy.lo)', function: null },
      { file: 'libc.a(sendto.lo)', function: 'sendto' },
    ]);
  });

  test('a weak definition is not where a name resolves: printf leads to writev through the strong vfprintf only', () => {
    expect(need('syscall_SYS_writev').calls.map((c) => c.chain.map((s) => s.file))).toEqual([['libc.a(printf.lo)', 'libc.a(vfprintf.lo)']]);
    expect(need('socketcall_sendto').calls.some((c) => c.symbol === 'printf')).toBe(false);
  });

  test('a direct call of the backend has an empty chain; start-up needs carry their own chain', () => {
    expect(need('syscall_SYS_direct').calls).toEqual([{ file: 'build/main.o', function: 'main', symbol: 'syscall_SYS_direct', chain: [] }]);
    expect(need('syscall_SYS_set_tid_address').calls).toEqual([]);
    expect(need('syscall_SYS_set_tid_address').startup).toEqual([
      { file: 'crt1.o', symbol: '__libc_start_main' },
      { file: 'libc.a(__libc_start_main.lo)', symbol: 'syscall_SYS_set_tid_address' },
    ]);
    // exit_group: from start-up (through exit) and from the program (getaddrinfo → … → __res_msend → exit).
    expect(need('syscall_SYS_exit_group').startup?.map((s) => s.symbol)).toEqual(['__libc_start_main', 'exit', '_Exit', 'syscall_SYS_exit_group']);
    expect(need('syscall_SYS_exit_group').calls.map((c) => c.symbol)).toEqual(['getaddrinfo']);
  });
});
