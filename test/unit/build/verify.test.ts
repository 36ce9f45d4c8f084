import { describe, expect, it } from 'vitest';
import {
  TRAP_INSTRUCTION,
  compareSets,
  duplicateStrongDefinitions,
  neededBackendSymbols,
  trapsInDisassembly,
  type NmSymbol,
} from '../../../src/build/verify.js';
import { renderPassthroughTable } from '../../../src/build/passthrough.js';

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
    expect(trapsInDisassembly(OBJDUMP, TRAP_INSTRUCTION.x86_64)).toEqual([
      { object: 'read.lo', symbol: 'read', instruction: 'syscall' },
      { object: 'vsys.lo', symbol: 'old', instruction: 'int $0x80' },
    ]);
    expect(trapsInDisassembly(OBJDUMP, TRAP_INSTRUCTION.i386).map((t) => t.instruction)).toEqual(['call *%gs:0x10', 'int $0x80']);
  });
  it('matches aarch64 svc', () => {
    expect(trapsInDisassembly('a.o:     file format elf64-littleaarch64\n0000000000000000 <f>:\n   0:\tsvc\t#0x0\n', TRAP_INSTRUCTION.aarch64)).toHaveLength(1);
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

describe('renderPassthroughTable', () => {
  it('lists every function with number and arity, and leaves rt_sigaction to the hand-written code', () => {
    const fn = (key: string, number: number, arity: number) => ({ key, number, arity, sites: 1, cancellable: false, kernelName: null });
    const table = renderPassthroughTable([fn('syscall_SYS_write', 1, 3), fn('syscall_SYS_rt_sigaction', 13, 4), fn('socketcall_connect', 42, 6)]);
    expect(table).toContain('#define PT_RT_SIGACTION_NR 13\n');
    expect(table).toContain('\tX(socketcall_connect, 42, 6) \\\n\tX(syscall_SYS_write, 1, 3)\n');
    expect(table).not.toContain('X(syscall_SYS_rt_sigaction');
  });
  it('refuses a function without a number', () => {
    expect(() => renderPassthroughTable([{ key: 'syscall_SYS_x', number: null, arity: 1, sites: 1, cancellable: false, kernelName: null }])).toThrow(/no syscall number/);
  });
});
