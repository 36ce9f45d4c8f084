// Negative controls: a trap instruction in ring 0 / EL1 must be reported as a fault that names it.
// Plain musl traps at its first system call; a program's own raw trap faults on the patched libc too.
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { boot, FAULT_STATUS } from '../../../src/boot/index.js';
import { PROGRAMS, plainMusl } from './helpers.js';

const VERSION = '1.2.5';

// The trap each arch's Linux syscall ABI uses, as the kernel must name it.
const TRAP = { x86_64: 'syscall', aarch64: 'svc #0x0' } as const;

describe.each(['x86_64', 'aarch64'] as const)('%s negative control', (arch) => {
  let plain: string;
  beforeAll(async () => {
    plain = await plainMusl(VERSION, arch);
  });

  test('plain musl faults at its first system call, and the instruction is named', async () => {
    const r = await boot({ version: VERSION, arch, libcDir: plain, program: path.join(PROGRAMS, 'stdio.c'), timeoutS: 60 });
    expect(r.outcome).toEqual({ kind: 'fault', vector: arch === 'x86_64' ? 6 : 0x15, instruction: TRAP[arch], status: FAULT_STATUS });
    // Nothing of main() ran: the fault comes during libc start-up (TLS / set_tid_address).
    expect(r.output).not.toContain('argc=');
    expect(r.faultLine).toMatch(arch === 'x86_64' ? /#UD.*bytes at rip: 0f 05 .*instruction: syscall$/ : /esr=0x56000000 .*d4000001; instruction: svc #0x0$/);
  });
});
