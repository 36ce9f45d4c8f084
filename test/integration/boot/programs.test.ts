// Single-threaded programs on the patched (trap-free) musl in ring 0 / EL1 print exactly what
// the same program prints on Linux with plain musl of the same release, and end with the same
// status — for every supported release and both bootable arches. Fault, NULL and timeout
// reporting is checked on 1.2.5.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boot, FAULT_STATUS, TIMEOUT_STATUS } from '../../../src/boot/index.js';
import { SUPPORTED_VERSIONS } from '../../../src/source/manifest.js';
import { BOOT_ARCHES } from '../../../src/arch/index.js';
import { PROGRAMS, patchedMusl, plainMusl, runOnLinux, TRAP } from './helpers.js';
import { recordProof } from '../proof-table.js';

const VERSION = '1.2.5';
const ARCHES = BOOT_ARCHES;

// [program, args]; each is run on Linux (reference) and in ring 0.
const CASES: [string, string[]][] = [
  ['stdio.c', ['one', 'two words', 'say "hi"', '']],
  ['floats.c', []],
  ['malloc.c', []],
  ['tls.c', []],
  ['errno.c', []],
  ['atexit.c', []],
  ['exit.c', ['exit', '3']],
  ['exit.c', ['_Exit', '200']],
  ['exit.c', ['return', '0']],
  ['exit.c', ['abort']],
];

describe.each(SUPPORTED_VERSIONS.flatMap((version) => ARCHES.map((arch) => [version, arch] as const)))('musl %s on %s in ring 0', (version, arch) => {
  let plain: string;
  let patched: string;
  let matched = 0;
  beforeAll(async () => {
    plain = await plainMusl(version, arch);
    patched = await patchedMusl(version, arch);
  });
  afterAll(() => recordProof(version, arch, { bootMatch: matched, bootTotal: CASES.length }));

  test.each(CASES)('%s %j matches Linux with plain musl', async (file, args) => {
    const program = path.join(PROGRAMS, file);
    const expected = await runOnLinux(plain, arch, program, args);
    const r = await boot({ version, arch, libcDir: patched, program, args, timeoutS: 60 });
    expect(r.output).toBe(expected.output);
    expect(r.outcome.status).toBe(expected.status);
    expect(r.outcome.kind).toBe(file === 'exit.c' && args[0] === 'abort' ? 'signal' : 'exit');
    matched++;
  });
});

describe.each(ARCHES)('%s faults and timeouts in ring 0 (musl 1.2.5)', (arch) => {
  let patched: string;
  beforeAll(async () => {
    patched = await patchedMusl(VERSION, arch);
  });

  test('a raw trap in the program itself faults, after its earlier output', async () => {
    const r = await boot({ version: VERSION, arch, libcDir: patched, program: path.join(PROGRAMS, 'trap.c'), timeoutS: 60 });
    expect(r.outcome).toMatchObject({ kind: 'fault', instruction: TRAP[arch].instruction, status: FAULT_STATUS });
    expect(r.output.startsWith('before the trap\n')).toBe(true);
    expect(r.output).not.toContain('after the trap');
  });

  test('a NULL access faults and is reported as a fault that is not a trap', async () => {
    const r = await boot({ version: VERSION, arch, libcDir: patched, program: path.join(PROGRAMS, 'null.c'), timeoutS: 60 });
    expect(r.outcome).toMatchObject({ kind: 'fault', instruction: null, status: FAULT_STATUS });
    expect(r.output.startsWith('reading NULL\n')).toBe(true);
    expect(r.faultLine).toMatch(/address=0x0;/);
  });

  test('a program that never ends is stopped at the timeout and reported as such', async () => {
    const started = Date.now();
    const r = await boot({ version: VERSION, arch, libcDir: patched, program: path.join(PROGRAMS, 'spin.c'), timeoutS: 3 });
    expect(r.outcome).toMatchObject({ kind: 'timeout', status: TIMEOUT_STATUS, cpu: { halted: false } });
    expect(r.outcome.kind === 'timeout' && r.outcome.cpu?.pc).toMatch(/^0x[0-9a-f]+$/);
    expect(r.output).toBe('spinning\n');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

// musl's a_crash() is `hlt` on x86_64; in ring 0 with interrupts off it stops the CPU for good.
describe('x86_64 halt', () => {
  test('a halted CPU is named in the timeout report', async () => {
    const patched = await patchedMusl(VERSION, 'x86_64');
    const r = await boot({ version: VERSION, arch: 'x86_64', libcDir: patched, program: path.join(PROGRAMS, 'halt.c'), timeoutS: 3 });
    expect(r.outcome).toMatchObject({ kind: 'timeout', status: TIMEOUT_STATUS, cpu: { halted: true } });
    expect(r.output).toBe('halting\n');
  });
});
