// Generated stubs must compile next to a real backend with warnings as errors, in both languages,
// define every missing symbol as a weak symbol (nm), and close every gap: coverage afterwards
// reports nothing missing. C++ is compiled for x86_64 with the host's g++ and libstdc++ (the
// machine has no cross g++ nor a musl-targeting C++ library); C for x86_64 and i386 against each
// arch's patched musl headers, as a kernel compiles it, so both #if branches of an arch-dependent
// arity are compiled.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { runCoverage } from '../../../src/backend/run.js';
import { generateStubs, type StubLanguage } from '../../../src/backend/stubs.js';
import { writeOutputFile } from '../../../src/util/output.js';
import { sampleSites } from '../../unit/backend/sites.js';
import { compileAgainstPatchedMusl } from '../musl-trees.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = path.join(repo, 'fixtures', 'backend-includeos');
const arches = ['x86_64', 'i386'];
interface Target {
  arch: string;
  compiler: string;
  flags: string[];
}
const TARGETS: Record<StubLanguage, () => Promise<Target[]>> = {
  cpp: async () => [{ arch: 'x86_64', compiler: 'g++', flags: [] }],
  c: () =>
    Promise.all(
      ['x86_64', 'i386'].map(async (arch) => {
        const { cc, flags } = await compileAgainstPatchedMusl('1.2.5', arch);
        return { arch, compiler: cc, flags };
      }),
    ),
};
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-stubs-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

function compile(target: Target, lang: StubLanguage, file: string): void {
  const std = lang === 'cpp' ? ['-std=c++17'] : ['-std=gnu11'];
  execFileSync(target.compiler, [...target.flags, ...std, '-Wall', '-Wextra', '-Werror', '-c', file, '-o', `${file}.o`], { stdio: 'pipe' });
}

/** Weak symbols an object defines, from `nm` (the host's reads every arch's ELF). */
function weakSymbols(object: string): string[] {
  return execFileSync('nm', [object], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => / W /.test(l))
    .map((l) => l.split(' ').at(-1)!)
    .sort();
}

describe.each(['cpp', 'c'] as const)('stubs in %s', (lang) => {
  test('compile with -Werror beside the backend and leave nothing missing', async () => {
    const backend = path.join(work, lang);
    await cp(fixture, backend, { recursive: true });
    const before = await runCoverage({ version: '1.2.5', arches, sites: sampleSites(), backendPaths: [backend], config: defaultBackendConfig() });
    expect(before.report.arches.map((a) => a.totals.missing)).toEqual([2, 3]);

    const stubFile = path.join(backend, lang === 'cpp' ? 'missing_stubs.cpp' : 'missing_stubs.c');
    await writeOutputFile(stubFile, generateStubs(before.report, { lang, marker: 'STUB', includes: [], prototypes: before.reading.prototypes }));

    for (const target of await TARGETS[lang]()) {
      compile(target, lang, stubFile);
      expect(weakSymbols(`${stubFile}.o`), target.arch).toEqual(['syscall_SYS_acct', 'syscall_SYS_getuid32', 'syscall_SYS_pread64']);
      // The arch's compiler picks the pread64 variant with that arch's arity (i386 splits the offset).
      const preprocessed = execFileSync(target.compiler, [...target.flags, '-E', '-P', stubFile], { encoding: 'utf8' });
      const pread = /long syscall_SYS_pread64\(([^)]*)\)/.exec(preprocessed)![1].split(',').length;
      expect(pread, target.arch).toBe(target.arch === 'i386' ? 5 : 4);
      // The backend's own files in the same language compile with the same compiler: the stubs sit beside real code.
      for (const file of (await readdir(backend)).filter((f) => f.endsWith(lang === 'cpp' ? '.cpp' : '.c') && f !== path.basename(stubFile))) {
        compile(target, lang, path.join(backend, file));
      }
    }

    const after = await runCoverage({ version: '1.2.5', arches, sites: sampleSites(), backendPaths: [backend], config: defaultBackendConfig() });
    expect(after.reading.warnings).toEqual([]);
    expect(after.report.arches.map((a) => [a.totals.missing, a.totals.stub])).toEqual([
      [0, 5],
      [0, 6],
    ]);
  });
});
