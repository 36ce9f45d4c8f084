// Negative controls: a trap instruction in ring 0 / EL1 / M-mode must be reported as a fault that names it.
// Plain musl traps at its first system call; a program's own raw trap faults on the patched libc too.
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { boot, FAULT_STATUS } from '../../../src/boot/index.js';
import { BOOT_ARCHES } from '../../../src/arch/index.js';
import { PROGRAMS, plainMusl, TRAP } from './helpers.js';

const VERSION = '1.2.5';

describe.each(BOOT_ARCHES)('%s negative control', (arch) => {
  let plain: string;
  beforeAll(async () => {
    plain = await plainMusl(VERSION, arch);
  });

  test('plain musl faults at its first system call, and the instruction is named', async () => {
    const r = await boot({ version: VERSION, arch, libcDir: plain, program: path.join(PROGRAMS, 'stdio.c'), timeoutS: 60 });
    expect(r.outcome).toEqual({ kind: 'fault', vector: TRAP[arch].vector, instruction: TRAP[arch].instruction, status: FAULT_STATUS });
    // Nothing of main() ran: the fault comes during libc start-up (TLS / set_tid_address).
    expect(r.output).not.toContain('argc=');
    expect(r.faultLine).toMatch(TRAP[arch].faultLine);
  });
});
