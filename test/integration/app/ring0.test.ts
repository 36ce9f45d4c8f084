// The ring-0 boot programs as applications: for each, `coverage --app` on its object predicts what
// the ring-0 backend has to provide. The reference is the real ring-0 link (`musl-patch boot`'s
// own image build: kernel objects, the program, the generated stubs, libc.a): its cross-reference
// table says which backend function the program, the crt objects and the libc members it took
// refer to, and which file defines each — the ring-0 backend's own code or a generated stub.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAppCoverage } from '../../../src/backend/app.js';
import { defaultBackendConfig, DEFAULT_STUB_MARKERS } from '../../../src/backend/config.js';
import { ring0BackendFiles, RING0_STUB_MARKER } from '../../../src/boot/backend-stubs.js';
import { buildImage } from '../../../src/boot/image.js';
import { RING0_DIR } from '../../../src/boot/toolchain.js';
import { buildPatchedMusl } from '../../../src/build/index.js';
import { muslTree } from '../musl-trees.js';

const VERSION = '1.2.5';
const BOOT_PROGRAMS = new URL('../boot/programs/', import.meta.url).pathname;
const PROGRAMS = [
  path.join(RING0_DIR, 'programs', 'hello.c'),
  ...['stdio.c', 'floats.c', 'malloc.c', 'tls.c', 'errno.c', 'atexit.c', 'exit.c'].map((f) => path.join(BOOT_PROGRAMS, f)),
];
const BACKEND_NAME = /^(syscall_SYS_\w+|socketcall_\w+|syscall_n|syscall_clone)$/;

/** The cross-reference table of a GNU ld map: symbol → files, the defining one first. */
function crossReferences(map: string): Map<string, string[]> {
  const lines = map.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Cross Reference Table'));
  const table = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of lines.slice(start + 3)) {
    if (line.trim() === '') continue;
    const m = /^(\S+)(?:\s+(\S.*))?$/.exec(line);
    if (m) {
      current = m[2] ? [m[2].trim()] : [];
      table.set(m[1], current);
    } else if (current) current.push(line.trim());
  }
  return table;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-app-ring0-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.each(['x86_64', 'aarch64'] as const)('ring-0 programs on %s (musl 1.2.5)', (arch) => {
  let libcDir: string;
  beforeAll(async () => {
    libcDir = (await buildPatchedMusl(await muslTree(VERSION), arch)).build.prefix;
  });

  test.each(PROGRAMS.map((p) => [path.basename(p), p]))('%s: the report predicts exactly what its real link resolves from the ring-0 backend', async (name, program) => {
    const workDir = await mkdtemp(path.join(work, `${arch}-${name}-`));
    const mapFile = path.join(workDir, 'kernel.map');
    await buildImage({ version: VERSION, arch, libcDir, program, workDir, memoryMiB: 512, mapFile });

    // The real link: backend functions that the program, crt objects or libc members refer to.
    const fromProgram = (file: string) => file === path.join(workDir, 'program.o') || /\/crt[1in]\.o$/.test(file) || /\/libc\.a\(.+\)$/.test(file);
    const resolved = new Map<string, string>();
    for (const [symbol, [definer, ...referrers]] of crossReferences(await readFile(mapFile, 'utf8'))) {
      if (BACKEND_NAME.test(symbol) && referrers.some(fromProgram)) resolved.set(symbol, definer);
    }
    expect(resolved.size).toBeGreaterThan(8);

    const run = await runAppCoverage({
      tree: await muslTree(VERSION),
      files: [path.join(workDir, 'program.o')],
      arches: [arch],
      backendPaths: ring0BackendFiles(arch),
      config: defaultBackendConfig({ stubMarkers: [...DEFAULT_STUB_MARKERS, RING0_STUB_MARKER, 'ring0_enosys'] }),
      relativeTo: RING0_DIR,
    });
    const entries = run.report.arches[0].entries;
    expect(entries.map((e) => e.symbol)).toEqual([...resolved.keys()].sort());
    expect(run.report.app!.arches[0].undefined).toEqual([]);
    // What the report calls missing is what the real link took from the generated stubs; the rest
    // from the ring-0 backend's own sources.
    for (const e of entries) {
      const definer = resolved.get(e.symbol)!;
      expect([e.symbol, e.status === 'missing']).toEqual([e.symbol, /stubs-[0-9a-f]+\.o$/.test(definer)]);
    }
  });
});
