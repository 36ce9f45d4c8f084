import { describe, expect, it } from 'vitest';
import { asmStatements, decodeAsmString, trapInstruction } from '../../../src/arch/index.js';

describe('trap instructions are matched as instructions', () => {
  it('knows each arch family', () => {
    expect(trapInstruction('x86_64', 'syscall')).toBe('syscall');
    expect(trapInstruction('i386', 'int $0x80')).toBe('int $0x80');
    expect(trapInstruction('i386', 'int $128')).toBe('int $128');
    expect(trapInstruction('i386', 'call *%gs:16')).toBe('call *%gs:16');
    expect(trapInstruction('aarch64', 'svc #0')).toBe('svc #0');
    expect(trapInstruction('arm', 'swi 0x0')).toBe('swi 0x0');
    expect(trapInstruction('riscv64', 'ecall')).toBe('ecall');
    expect(trapInstruction('powerpc', 'sc')).toBe('sc');
  });

  it('does not take symbols, other interrupts or directives for traps', () => {
    expect(trapInstruction('x86_64', 'call syscall')).toBeNull();
    expect(trapInstruction('x86_64', '.global __syscall')).toBeNull();
    expect(trapInstruction('x86_64', 'int3')).toBeNull();
    expect(trapInstruction('i386', 'int $3')).toBeNull();
    expect(trapInstruction('i386', 'call *%gs:20')).toBeNull();
    expect(trapInstruction('aarch64', 'syscall')).toBeNull();
  });

  it('splits labels, statements and comments per arch syntax', () => {
    expect(asmStatements('x86_64', '1:\tsyscall # syscall again').map((s) => s.text)).toEqual(['syscall']);
    expect(asmStatements('x86_64', 'xchg %ebx,%edx ; int $128 ; xchg %ebx,%edx').map((s) => s.text)).toEqual(['xchg %ebx,%edx', 'int $128', 'xchg %ebx,%edx']);
    expect(asmStatements('aarch64', '\tsvc #0 // svc #1').map((s) => s.text)).toEqual(['svc #0']);
    const labels: string[] = [];
    const s = asmStatements('x86_64', '__clone: syscall', (l) => labels.push(l));
    expect(labels).toEqual(['__clone']);
    expect(s[0]).toEqual({ text: 'syscall', column: 10 });
  });

  it('decodes inline asm strings', () => {
    expect(decodeAsmString('"call *%%gs:16"')).toBe('call *%gs:16');
    expect(decodeAsmString('"svc 0\\n\\tret"')).toBe('svc 0\n\tret');
  });
});
