import { describe, expect, test } from 'vitest';
import { parseControl, parseRegisters, qemuArgs, quoteArg } from '../../../src/boot/qemu.js';
import { FAULT_STATUS, LOST_STATUS } from '../../../src/boot/types.js';

describe('control channel', () => {
  test('exit status, with the stubs that were called listed once each', () => {
    const r = parseControl('enosys syscall_SYS_uname\nenosys syscall_n(99)\nenosys syscall_SYS_uname\nexit 200\n', 1);
    expect(r.outcome).toEqual({ kind: 'exit', status: 200 });
    expect(r.enosys).toEqual(['syscall_SYS_uname', 'syscall_n(99)']);
  });

  test('a signal becomes 128 + signal, as a shell reports it', () => {
    expect(parseControl('signal 6\n', 13).outcome).toEqual({ kind: 'signal', signal: 6, status: 134 });
  });

  test('a fault names the instruction', () => {
    expect(parseControl('fault 21 svc #0x0\n', 255).outcome).toEqual({ kind: 'fault', vector: 21, instruction: 'svc #0x0', status: FAULT_STATUS });
  });

  test('no final line (a triple fault resets the guest, qemu exits 0) is not mistaken for success', () => {
    const o = parseControl('', 0).outcome;
    expect(o.kind).toBe('lost');
    expect(o.status).toBe(LOST_STATUS);
  });
});

describe('qemu command line', () => {
  const spec = { image: '/w/kernel.elf', argv: ['prog', 'a,b'], memoryMiB: 256, timeoutS: 5, workDir: '/w' };

  test('x86_64: multiboot image, args through -append, debugcon + isa-debug-exit', () => {
    const a = qemuArgs({ ...spec, arch: 'x86_64' }, '/w/control.txt');
    expect(a.slice(a.indexOf('-kernel'))).toEqual(['-kernel', 'kernel.elf', '-append', 'prog a,b']);
    expect(a).toContain('isa-debug-exit,iobase=0xf4,iosize=4');
    expect(a[a.indexOf('-debugcon') + 1]).toBe('file:/w/control.txt');
    expect(a[a.indexOf('-m') + 1]).toBe('256M');
  });

  test('aarch64: args through semihosting, commas doubled as qemu requires', () => {
    const a = qemuArgs({ ...spec, arch: 'aarch64' }, '/w/control.txt');
    expect(a[a.indexOf('-semihosting-config') + 1]).toBe('enable=on,target=native,chardev=ctl,arg=prog,arg=a,,b');
    expect(a[a.indexOf('-machine') + 1]).toBe('virt');
  });
});

describe('kernel command-line quoting', () => {
  test('plain words stay as they are; spaces, quotes, backslashes and empty args are quoted', () => {
    expect(['prog', 'two words', 'say "hi"', 'a\\b', ''].map(quoteArg)).toEqual(['prog', '"two words"', '"say \\"hi\\""', '"a\\\\b"', '""']);
  });
});

describe('non-trap faults', () => {
  test('"-" means the fault was not a trap instruction (a NULL access, say)', () => {
    expect(parseControl('fault 14 -\n', 255).outcome).toEqual({ kind: 'fault', vector: 14, instruction: null, status: FAULT_STATUS });
  });
});

describe('CPU state at a timeout (qemu monitor `info registers`)', () => {
  test('x86_64: RIP and the HLT flag', () => {
    const text = 'RAX=0000000000000000 RBX=0000000000000001\nRIP=0000000000101c4f RFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=1\n(qemu) ';
    expect(parseRegisters(text)).toEqual({ pc: '0x101c4f', halted: true });
  });

  test('aarch64: PC, never halted', () => {
    expect(parseRegisters('PC=0000000040202db8 X00=0000000000000001 X01=0000000000000000\n')).toEqual({ pc: '0x40202db8', halted: false });
  });

  test('riscv64: the pc row (its other rows end in pc too: mepc, sepc)', () => {
    expect(parseRegisters(' pc       000000008020030a\r\n mhartid  0000000000000000\r\n mepc     0000000080000054\r\n')).toEqual({ pc: '0x8020030a', halted: false });
    expect(parseRegisters(' mepc     0000000080000054\r\n')).toBeNull();
  });

  test('no register dump: unknown', () => {
    expect(parseRegisters('QEMU 7.2 monitor\n(qemu) ')).toBeNull();
  });
});
