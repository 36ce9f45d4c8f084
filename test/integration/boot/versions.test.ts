// Every supported musl release boots in ring 0 / EL1 once patched: the stdio and TLS programs
// print what they print on Linux with plain musl of the same release. (1.2.5 is covered in
// depth by programs.test.ts.)
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { boot } from '../../../src/boot/index.js';
import { PROGRAMS, patchedMusl, plainMusl, runOnLinux } from './helpers.js';

const CELLS = ['1.2.3', '1.2.6'].flatMap((version) => (['x86_64', 'aarch64'] as const).map((arch) => ({ version, arch })));

describe.each(CELLS)('musl $version $arch', ({ version, arch }) => {
  test.each(['stdio.c', 'tls.c'])('%s matches Linux with plain musl', async (file) => {
    const program = path.join(PROGRAMS, file);
    const [plain, patched] = [await plainMusl(version, arch), await patchedMusl(version, arch)];
    const expected = await runOnLinux(plain, arch, program, ['x y']);
    const r = await boot({ version, arch, libcDir: patched, program, args: ['x y'], timeoutS: 60 });
    expect(r.output).toBe(expected.output);
    expect(r.outcome).toEqual({ kind: 'exit', status: expected.status });
  });
});
