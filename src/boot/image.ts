/**
 * Build the bootable image: ring-0 kernel + program + generated stubs, linked against a
 * musl install prefix into one ELF that qemu-system loads with `-kernel`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { run, runOk } from '../util/exec.js';
import { ring0Stubs } from './backend-stubs.js';
import { missingBackendSymbols } from './stubs.js';
import { archTools, RING0_DIR } from './toolchain.js';
import type { BootArch } from './types.js';

export interface ImageSpec {
  /** musl release the libc was built from: its scan says what the backend must define. */
  version: string;
  arch: BootArch;
  libcDir: string;
  program: string;
  workDir: string;
  memoryMiB: number;
  /** Also write the linker's map with its cross-reference table here (which file defines and refers to what). */
  mapFile?: string;
}

export interface Image {
  path: string;
  stubbed: string[];
}

const LIBC_FILES = ['lib/libc.a', 'lib/crt1.o', 'lib/crti.o', 'lib/crtn.o', 'include/stdio.h'];

/** A musl `make install` prefix, checked before any compiler runs. */
export function checkLibcDir(dir: string): void {
  for (const f of LIBC_FILES) {
    if (!existsSync(path.join(dir, f))) {
      throw new UserError(`${dir} is not a musl install prefix: ${f} is missing`, 'pass --libc DIR, the --prefix of a musl `make install`');
    }
  }
}

/** Flags shared by kernel and program: the libc's headers only, no host headers, no PIE. */
async function baseFlags(cc: string, libcDir: string): Promise<string[]> {
  const gccInclude = (await runOk(cc, ['-print-file-name=include'])).trim();
  return ['-O2', '-fno-pie', '-nostdinc', '-isystem', path.join(libcDir, 'include'), '-isystem', gccInclude];
}

export async function buildImage(spec: ImageSpec): Promise<Image> {
  const t = archTools(spec.arch);
  const w = (f: string) => path.join(spec.workDir, f);
  const base = [...(await baseFlags(t.cc, spec.libcDir)), ...t.imageFlags];

  const prog = await run(t.cc, [...base, '-c', spec.program, '-o', w('program.o')]);
  if (prog.code !== 0) {
    const first = prog.stderr.split('\n').find((l) => /error/.test(l)) ?? prog.stderr.trim().split('\n')[0];
    throw new UserError(`${spec.program} does not compile against ${spec.libcDir}: ${first}`, 'fix the program (it is built with the libc headers only)');
  }

  // The kernel: freestanding, no stack protector (it runs before musl has a thread pointer).
  const kflags = [...base, '-ffreestanding', '-fno-stack-protector', `-DRING0_RAM_MB=${spec.memoryMiB}`, '-Wall', ...t.kernelFlags];
  const kernelObjs = await kernelObjects(t.cc, t.kernelSources, kflags, spec.libcDir);

  const lib = (f: string) => path.join(spec.libcDir, 'lib', f);
  const { source, stubbed } = await ring0Stubs(spec.version, spec.arch);
  const stubsObj = await stubsObject(t.cc, source, kflags, w('stubs.c'));
  // The link itself checks coverage: anything still undefined is a need the scan did not predict.
  const unresolved = await missingBackendSymbols(t.nm, lib('libc.a'), [w('program.o'), ...kernelObjs, stubsObj]);
  if (unresolved.length > 0) {
    throw new Error(`the link needs backend functions that coverage of musl ${spec.version} on ${spec.arch} did not list: ${unresolved.join(', ')}`);
  }

  const libgcc = (await runOk(t.cc, ['-print-libgcc-file-name'])).trim();
  const image = w('kernel.elf');
  await runOk(t.cc, [
    '-nostdlib', '-static', '-no-pie', '-T', path.join(RING0_DIR, t.linkScript),
    '-Wl,-z,max-page-size=4096', '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments',
    '-o', image,
    lib('crt1.o'), lib('crti.o'), ...kernelObjs, w('program.o'), stubsObj,
    lib('libc.a'), libgcc, lib('crtn.o'),
    ...(spec.mapFile ? [`-Wl,-Map=${spec.mapFile}`, '-Wl,--cref'] : []),
  ]);
  return { path: image, stubbed };
}

/**
 * The kernel's objects depend only on its sources, the flags, the compiler and the libc headers
 * (for SYS_* numbers and errno values), so they are compiled once per combination and reused
 * from a cache under the OS temp directory.
 */
async function kernelObjects(cc: string, sources: string[], flags: string[], libcDir: string): Promise<string[]> {
  const key = createHash('sha256');
  key.update(JSON.stringify([cc, flags, (await runOk(cc, ['--version'])).split('\n')[0]]));
  for (const src of [...sources, 'common/ring0.h']) key.update(src).update(readFileSync(path.join(RING0_DIR, src)));
  const header = path.join(libcDir, 'include', 'bits', 'syscall.h');
  if (existsSync(header)) key.update(readFileSync(header));
  key.update(String(statSync(path.join(libcDir, 'include')).mtimeMs));
  const dir = path.join(os.tmpdir(), 'musl-patch-ring0', key.digest('hex').slice(0, 16));
  const objs = sources.map((src) => path.join(dir, `${src.replace(/[/.]/g, '_')}.o`));
  if (objs.every((o) => existsSync(o))) return objs;
  await mkdir(dir, { recursive: true });
  for (const [i, src] of sources.entries()) {
    // Compile beside the final name and rename, so a concurrent run never sees half an object.
    const tmp = `${objs[i]}.${process.pid}.tmp`;
    await runOk(cc, [...flags, '-c', path.join(RING0_DIR, src), '-o', tmp]);
    await rename(tmp, objs[i]);
  }
  return objs;
}

/** The stubs object, cached by its source text (the same libc gives the same stubs). */
async function stubsObject(cc: string, source: string, flags: string[], sourceFile: string): Promise<string> {
  await writeFile(sourceFile, source);
  const key = createHash('sha256').update(JSON.stringify([cc, flags, source])).digest('hex').slice(0, 16);
  const obj = path.join(os.tmpdir(), 'musl-patch-ring0', `stubs-${key}.o`);
  if (existsSync(obj)) return obj;
  await mkdir(path.dirname(obj), { recursive: true });
  await runOk(cc, [...flags, '-c', sourceFile, '-o', `${obj}.${process.pid}.tmp`]);
  await rename(`${obj}.${process.pid}.tmp`, obj);
  return obj;
}
