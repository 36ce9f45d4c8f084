/**
 * Build the bootable image: ring-0 kernel + program + generated stubs, linked against a
 * musl install prefix into one ELF that qemu-system loads with `-kernel`.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';
import { run, runOk } from './exec.js';
import { missingBackendSymbols, stubsSource } from './stubs.js';
import { archTools, RING0_DIR } from './toolchain.js';
import type { BootArch } from './types.js';

export interface ImageSpec {
  arch: BootArch;
  libcDir: string;
  program: string;
  workDir: string;
  memoryMiB: number;
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
  const base = await baseFlags(t.cc, spec.libcDir);

  const prog = await run(t.cc, [...base, '-c', spec.program, '-o', w('program.o')]);
  if (prog.code !== 0) {
    const first = prog.stderr.split('\n').find((l) => /error/.test(l)) ?? prog.stderr.trim().split('\n')[0];
    throw new UserError(`${spec.program} does not compile against ${spec.libcDir}: ${first}`, 'fix the program (it is built with the libc headers only)');
  }

  // The kernel: freestanding, no stack protector (it runs before musl has a thread pointer).
  const kflags = [...base, '-ffreestanding', '-fno-stack-protector', `-DRING0_RAM_MB=${spec.memoryMiB}`, '-Wall', ...t.kernelFlags];
  const kernelObjs: string[] = [];
  for (const src of t.kernelSources) {
    const obj = w(`k_${src.replace(/[/.]/g, '_')}.o`);
    await runOk(t.cc, [...kflags, '-c', path.join(RING0_DIR, src), '-o', obj]);
    kernelObjs.push(obj);
  }

  const lib = (f: string) => path.join(spec.libcDir, 'lib', f);
  const stubbed = await missingBackendSymbols(t.nm, [lib('libc.a'), w('program.o'), ...kernelObjs]);
  await writeFile(w('stubs.c'), stubsSource(stubbed));
  await runOk(t.cc, [...kflags, '-c', w('stubs.c'), '-o', w('stubs.o')]);

  const libgcc = (await runOk(t.cc, ['-print-libgcc-file-name'])).trim();
  const image = w('kernel.elf');
  await runOk(t.cc, [
    '-nostdlib', '-static', '-no-pie', '-T', path.join(RING0_DIR, t.linkScript),
    '-Wl,-z,max-page-size=4096', '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments',
    '-o', image,
    lib('crt1.o'), lib('crti.o'), ...kernelObjs, w('program.o'), w('stubs.o'),
    lib('libc.a'), libgcc, lib('crtn.o'),
  ]);
  return { path: image, stubbed };
}
