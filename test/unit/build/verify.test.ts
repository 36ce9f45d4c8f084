import { describe, expect, it } from 'vitest';
import {
  compareSets,
  duplicateStrongDefinitions,
  neededBackendSymbols,
  trapsInDisassembly,
  type NmSymbol,
} from '../../../src/build/verify.js';
import { constantFunctions, renderPassthroughTable } from '../../../src/rewrite/index.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';

const OBJDUMP = `
In archive /x/libc.a:

read.lo:     file format elf64-x86-64


Disassembly of section .text.read:

0000000000000000 <read>:
   0:\tendbr64
   4:\tsyscall
   6:\tret

vsys.lo:     file format elf32-i386

0000000000000000 <old>:
   0:\tcall   *%gs:0x10
   7:\tint    $0x80
   9:\tint    $0x3
`;

describe('trapsInDisassembly', () => {
  it('finds each trap with its object and symbol', () => {
    expect(trapsInDisassembly(OBJDUMP, 'x86_64')).toEqual([
      { object: 'read.lo', symbol: 'read', instruction: 'syscall' },
      { object: 'vsys.lo', symbol: 'old', instruction: 'int $0x80' },
    ]);
    expect(trapsInDisassembly(OBJDUMP, 'i386').map((t) => t.instruction)).toEqual(['call *%gs:0x10', 'int $0x80']);
  });
  it('matches aarch64 svc', () => {
    expect(trapsInDisassembly('a.o:     file format elf64-littleaarch64\n0000000000000000 <f>:\n   0:\tsvc\t#0x0\n', 'aarch64')).toHaveLength(1);
  });
});

const sym = (object: string, type: string, name: string): NmSymbol => ({ archive: 'libc.a', object, type, name });

describe('symbol checks', () => {
  const symbols = [
    sym('read.lo', 'T', 'read'),
    sym('read.lo', 'U', 'syscall_SYS_read'),
    sym('write.lo', 'U', 'syscall_SYS_write'),
    sym('write.lo', 'U', 'memcpy'),
    sym('sc.lo', 'U', 'socketcall_connect'),
    sym('sys.lo', 'T', 'syscall'),
    sym('sys2.lo', 'T', 'syscall'),
    sym('w.lo', 'W', 'read'),
    sym('def.lo', 'T', 'syscall_SYS_write'),
  ];
  it('lists backend functions referenced and not defined', () => {
    expect(neededBackendSymbols(symbols)).toEqual(['socketcall_connect', 'syscall_SYS_read']);
  });
  it('finds a symbol defined strongly twice, ignoring weak definitions', () => {
    expect(duplicateStrongDefinitions(symbols)).toEqual([{ name: 'syscall', objects: ['sys.lo', 'sys2.lo'] }]);
  });
  it('compares predicted and actual sets both ways', () => {
    expect(compareSets(['a', 'b'], ['b', 'c'])).toEqual({ missing: ['a'], unexpected: ['c'] });
  });
});

describe('passthrough table', () => {
  const fn = (key: string, number: number | null, arity: number) => ({ key, number, arity, sites: 1, cancellable: false, kernelName: null });
  it('lists one PT_FUNCTION<arity>(name, number) per function, sorted, leaving rt_sigaction to the hand-written code', () => {
    const table = renderPassthroughTable('1.2.5', 'x86_64', constantFunctions([fn('syscall_SYS_write', 1, 3), fn('syscall_SYS_rt_sigaction', 13, 4), fn('socketcall_connect', 42, 6)], DEFAULT_NAMING, 'x86_64'));
    expect(table).toContain('#ifndef __x86_64__\n#error "this passthrough table is for x86_64"\n#endif\n');
    expect(table).toContain('\nPT_FUNCTION6(socketcall_connect, 42)\nPT_FUNCTION3(syscall_SYS_write, 1)\n');
    expect(table).not.toContain('(syscall_SYS_rt_sigaction');
  });
  it('refuses a function without a number', () => {
    expect(() => constantFunctions([fn('syscall_SYS_x', null, 1)], DEFAULT_NAMING, 'x86_64')).toThrow(/syscall_SYS_x: no system call number on x86_64/);
  });
});
