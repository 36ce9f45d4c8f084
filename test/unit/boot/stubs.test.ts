import { describe, expect, test } from 'vitest';
import { parseNm } from '../../../src/boot/stubs.js';
import { isBackendFunction as isBackendSymbol } from '../../../src/model/naming.js';

// `nm` output of an archive and an object, as binutils prints it.
const NM = `
write.o:
                 U syscall_SYS_write
0000000000000000 T write

socket.o:
                 U socketcall_socket
                 w __dummy_weak
0000000000000000 T socket

kernel.o:
0000000000000010 T syscall_SYS_write
0000000000000020 W syscall_n
`;

describe('stubs from nm', () => {
  test('undefined symbols have no value column; weak references count as undefined', () => {
    const r = parseNm(NM);
    expect([...r.undefined].sort()).toEqual(['__dummy_weak', 'socketcall_socket', 'syscall_SYS_write']);
    expect([...r.defined].sort()).toEqual(['socket', 'syscall_SYS_write', 'syscall_n', 'write']);
  });

  test('only the IncludeOS backend names are stubbed', () => {
    const names = ['syscall_SYS_writev', 'socketcall_bind', 'syscall_n', 'syscall_clone', 'syscall', '__syscall_cp', 'syscall_nr'];
    expect(names.filter((n) => isBackendSymbol(n))).toEqual(['syscall_SYS_writev', 'socketcall_bind', 'syscall_n', 'syscall_clone']);
  });
});
