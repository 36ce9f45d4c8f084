// End-to-end conformance: every program of test/e2e/programs/ is built against plain musl and
// against patched musl + the passthrough backend, for each version × arch; both binaries run on
// Linux (natively or under qemu-user) and must print the same stdout and exit the same way.
// The expected output is always what the plain-musl build prints; the plain run must also pass
// the program's own checks (a program that fails on plain musl is a bad program).
//
// Builds come from the build stage (src/build: buildPlainMusl / buildPatchedMusl, cached), so CI
// builds each musl once. Narrow the matrix locally with E2E_VERSIONS=1.2.5 E2E_ARCHES=x86_64,i386.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPatchedMusl, buildPlainMusl, type BuildOptions } from '../../src/build/index.js';
import { includeosBuildOptions, INCLUDEOS_PROFILE, INCLUDEOS_VERSION } from '../integration/includeos-profile.js';
import { SUPPORTED_ARCHES } from '../../src/arch/index.js';
import { SUPPORTED_VERSIONS } from '../../src/source/manifest.js';
import { muslTree } from '../integration/musl-trees.js';
import { recordProof } from '../integration/proof-table.js';
import {
  buildAndRunAll,
  compileObjects,
  identicalHeaders,
  listPrograms,
  makeScratch,
  runnerForInstall,
  selfCheckProblems,
  type Arch,
  type LibcInstall,
  type ProgramResult,
} from './harness.js';

const pick = <T extends string>(all: readonly T[], env: string | undefined): T[] =>
  env ? all.filter((x) => env.split(',').includes(x)) : [...all];
const VERSIONS = pick(SUPPORTED_VERSIONS, process.env.E2E_VERSIONS);
const ARCHES = pick(SUPPORTED_ARCHES, process.env.E2E_ARCHES) as Arch[];
const PROGRAMS = listPrograms();

interface Cell {
  plain: Map<string, ProgramResult>;
  patched: Map<string, ProgramResult>;
  runner: string;
  /** Plain and patched install identical headers: objects compiled once for both. */
  sharedHeaders: boolean;
  seconds: { builds: number; programs: number };
}

/** Everything a failed comparison needs to be understood. */
function explain(r: ProgramResult): string {
  return `${r.status}${r.buildError ? `\n${r.buildError}` : ''}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/**
 * Version × arch cells, with musl-patch's default build, plus IncludeOS's profile (oldmalloc,
 * debug, CFLAGS, endian.patch) on 1.2.5: its plain and patched builds are compared the same way.
 */
const matrixCell = (version: string, arch: Arch, profile: string | null) => ({ version, arch, profile, label: profile ? ` (${profile})` : '' });
const CELLS = [
  ...VERSIONS.flatMap((version) => ARCHES.map((arch) => matrixCell(version, arch, null))),
  ...(VERSIONS.includes(INCLUDEOS_VERSION as (typeof VERSIONS)[number]) ? ARCHES.map((arch) => matrixCell(INCLUDEOS_VERSION, arch, INCLUDEOS_PROFILE)) : []),
];

describe.each(CELLS)('e2e musl $version $arch$label', ({ version, arch, profile }) => {
  const options: BuildOptions = profile ? includeosBuildOptions() : {};
  let scratch = '';
  let cell: Cell | undefined;
  let pending: Promise<Cell> | undefined;
  const summary: string[] = [];

  // Built and run once, on first use by a test (not in beforeAll: a failing build must fail
  // every test of the cell with its error, not leave them skipped).
  const getCell = (): Promise<Cell> => (pending ??= makeCell());
  async function makeCell(): Promise<Cell> {
    scratch = await makeScratch(`${version}-${arch}${profile ? `-${profile}` : ''}`);
    const t0 = Date.now();
    const tree = await muslTree(version);
    const plainBuild = await buildPlainMusl(tree, arch, options);
    const patchedBuild = await buildPatchedMusl(tree, arch, options);
    const t1 = Date.now();
    const plain: LibcInstall = { prefix: plainBuild.prefix };
    const patched: LibcInstall = { prefix: patchedBuild.build.prefix, extraObjects: [patchedBuild.passthrough] };
    // The patched libc installs the same public headers as plain musl (DESIGN §7): then each
    // program's object is the same for both, compiled once and linked twice.
    const sharedHeaders = identicalHeaders(plain, patched);
    const objects = sharedHeaders ? await compileObjects(arch, plain.prefix, PROGRAMS, path.join(scratch, 'obj')) : undefined;
    const plainResults = await buildAndRunAll(arch, plain, PROGRAMS, path.join(scratch, 'bin-plain'), scratch, { objects });
    const patchedResults = await buildAndRunAll(arch, patched, PROGRAMS, path.join(scratch, 'bin-patched'), scratch, { objects });
    const runner = (await runnerForInstall(arch, plain, scratch)).join(' ') || 'native';
    cell = {
      plain: new Map(plainResults.map((r) => [r.program.name, r])),
      patched: new Map(patchedResults.map((r) => [r.program.name, r])),
      runner,
      sharedHeaders,
      seconds: { builds: (t1 - t0) / 1000, programs: (Date.now() - t1) / 1000 },
    };
    return cell;
  }

  afterAll(async () => {
    if (cell) {
      const match = PROGRAMS.filter((p) => {
        const a = cell!.plain.get(p.name)!;
        const b = cell!.patched.get(p.name)!;
        return !a.buildError && !b.buildError && a.stdout === b.stdout && a.status === b.status;
      }).length;
      recordProof(version, arch, { e2eMatch: match, e2eTotal: PROGRAMS.length }, profile ?? undefined);
      const slow = [...cell.patched.values()].sort((a, b) => b.ms - a.ms)[0];
      summary.push(
        `e2e ${version} ${arch}${profile ? ` (${profile})` : ''}: ${match}/${PROGRAMS.length} match (${cell.runner}; ${cell.sharedHeaders ? 'identical headers, compiled once' : 'headers differ, compiled per libc'}; builds ${cell.seconds.builds.toFixed(0)} s, ` +
          `programs ${cell.seconds.programs.toFixed(0)} s, slowest ${slow?.program.name} ${slow?.ms} ms)`,
      );
      console.log(summary.join('\n'));
    }
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it.each(PROGRAMS.map((p) => [p.name, p] as const))('%s: patched + passthrough behaves like plain musl', async (_name, program) => {
    const { plain: plainRuns, patched: patchedRuns } = await getCell();
    const plain = plainRuns.get(program.name)!;
    const patched = patchedRuns.get(program.name)!;
    // The program itself must be good: on plain musl it passes its own checks.
    expect(selfCheckProblems(plain), `plain musl run:\n${explain(plain)}`).toEqual([]);
    expect(patched.buildError, 'does not build against patched musl + passthrough').toBeUndefined();
    expect({ status: patched.status, stdout: patched.stdout }, `patched run:\n${explain(patched)}`).toEqual({
      status: plain.status,
      stdout: plain.stdout,
    });
  });
});
