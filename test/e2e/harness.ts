// End-to-end conformance harness: compile the C programs of test/e2e/programs/ against an
// installed musl (plain, or patched + the passthrough backend), run them natively (x86_64, i386 on
// an x86_64 host) or under qemu-user (the other arches), and collect stdout + exit status for comparison.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRunner, findToolchain, hostArch, type SupportedArch, type Toolchain } from '../../src/arch/index.js';

/** An arch the arch table supports (SUPPORTED_ARCHES). */
export type Arch = SupportedArch;

export const PROGRAMS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs');

/** Fixed environment of every run (the programs read E2E_FIXED; spawn_exec needs PATH and a shell). */
export const FIXED_ENV: Record<string, string> = {
  PATH: '/usr/bin:/bin',
  LANG: 'C',
  LC_ALL: 'C',
  TZ: 'UTC',
  E2E_FIXED: 'fixed value',
};

export interface Program {
  name: string;
  source: string;
  /** Exit status the program reports on success: 0 unless it says `expect-exit: N` in a comment. */
  expectedExit: number;
}

/** The programs: every test/e2e/programs/*.c, sorted by name. */
export function listPrograms(dir = PROGRAMS_DIR): Program[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()
    .map((f) => {
      const source = path.join(dir, f);
      const m = /expect-exit:\s*(\d+)/.exec(readFileSync(source, 'utf8'));
      return { name: f.slice(0, -2), source, expectedExit: m ? Number(m[1]) : 0 };
    });
}

/** An installed musl: `prefix`/include and `prefix`/lib/{crt1.o,crti.o,crtn.o,libc.a}. */
export interface LibcInstall {
  prefix: string;
  /** Objects linked after the program (e.g. the compiled passthrough backend). */
  extraObjects?: string[];
}

export function checkInstall(lib: LibcInstall): void {
  for (const f of ['include/stdio.h', 'lib/crt1.o', 'lib/crti.o', 'lib/crtn.o', 'lib/libc.a']) {
    if (!existsSync(path.join(lib.prefix, f))) throw new Error(`${lib.prefix} is not an installed musl: ${f} is missing`);
  }
  for (const o of lib.extraObjects ?? []) if (!existsSync(o)) throw new Error(`extra object ${o} is missing`);
}

/** Run a tool (stdin closed), resolve its stdout; reject with its stderr on failure. */
function tool(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${Buffer.concat(err).toString('utf8').trim()}`));
    });
  });
}

const gccFacts = new Map<string, Promise<{ include: string; libgcc: string }>>();

/** The compiler's own include dir (stddef.h, stdarg.h, ...) and libgcc.a. */
function compilerFacts(cc: string): Promise<{ include: string; libgcc: string }> {
  let facts = gccFacts.get(cc);
  if (!facts) {
    facts = (async () => ({
      include: (await tool(cc, ['-print-file-name=include'])).trim(),
      libgcc: (await tool(cc, ['-print-libgcc-file-name'])).trim(),
    }))();
    gccFacts.set(cc, facts);
  }
  return facts;
}

/**
 * How a static binary of `arch` runs here: [] natively, else the qemu-user command. i386 on an
 * x86_64 host runs natively only if the kernel has IA-32 emulation (not every kernel does:
 * `ia32_emulation=0`, or built without it); `probeBinary` — any i386 binary printing
 * "probe" — decides that once.
 */
const nativeI386 = new Map<string, Promise<boolean>>();

export async function runnerFor(tc: Toolchain, probeBinary?: () => Promise<string>): Promise<string[]> {
  const host = hostArch();
  if (tc.arch === host) return [];
  if (host === 'x86_64' && tc.arch === 'i386' && probeBinary) {
    let native = nativeI386.get(tc.cc);
    if (!native) {
      native = probeBinary().then(async (bin) => {
        const out = await runProgram([], bin, path.dirname(bin), 10_000).catch(() => null);
        return out?.stdout === 'probe\n' && out.status === 'exit 0';
      });
      nativeI386.set(tc.cc, native);
    }
    if (await native) return [];
  }
  return tc.runner;
}

const PROBE_SOURCE = '#include <unistd.h>\nint main(void) { return write(1, "probe\\n", 6) != 6; }\n';

/** The runner for programs built against `lib` (probes native i386 with a tiny program). */
export async function runnerForInstall(arch: Arch, lib: LibcInstall, scratch: string): Promise<string[]> {
  const tc = await findToolchain(arch);
  return runnerFor(tc, async () => {
    const dir = await mkdtemp(path.join(scratch, 'probe-'));
    const source = path.join(dir, 'probe.c');
    await writeFile(source, PROBE_SOURCE);
    return compileProgram(arch, lib, { name: 'probe', source, expectedExit: 0 }, path.join(dir, 'probe'));
  });
}

/**
 * Compile and link one program against `lib` into `outFile`:
 *   CC -static -nostdinc -isystem P/include -isystem $(CC -print-file-name=include) -O1 -c prog.c
 *   CC -nostdlib -static P/lib/crt1.o P/lib/crti.o prog.o EXTRA P/lib/libc.a libgcc.a P/lib/crtn.o
 */
export async function compileProgram(arch: Arch, lib: LibcInstall, program: Program, outFile: string): Promise<string> {
  await mkdir(path.dirname(outFile), { recursive: true });
  const obj = await compileObject(arch, lib.prefix, program, `${outFile}.o`);
  await linkProgram(arch, lib, obj, outFile);
  await rm(obj, { force: true });
  return outFile;
}

/** The compile step alone, against the headers installed under `headersPrefix`. */
export async function compileObject(arch: Arch, headersPrefix: string, program: Program, objFile: string): Promise<string> {
  const tc = await findToolchain(arch);
  const { include } = await compilerFacts(tc.cc);
  await mkdir(path.dirname(objFile), { recursive: true });
  await tool(tc.cc, [
    '-static',
    '-nostdinc',
    '-isystem',
    path.join(headersPrefix, 'include'),
    '-isystem',
    include,
    '-I',
    path.dirname(program.source),
    '-D_GNU_SOURCE',
    '-O1',
    '-c',
    program.source,
    '-o',
    objFile,
  ]);
  return objFile;
}

/** The link step alone: the program's object with `lib`'s crt, extra objects and libc.a. */
export async function linkProgram(arch: Arch, lib: LibcInstall, objFile: string, outFile: string): Promise<string> {
  const tc = await findToolchain(arch);
  const { libgcc } = await compilerFacts(tc.cc);
  const l = path.join(lib.prefix, 'lib');
  await mkdir(path.dirname(outFile), { recursive: true });
  await tool(tc.cc, [
    '-nostdlib',
    '-static',
    path.join(l, 'crt1.o'),
    path.join(l, 'crti.o'),
    objFile,
    ...(lib.extraObjects ?? []),
    '-Wl,--start-group',
    path.join(l, 'libc.a'),
    libgcc,
    '-Wl,--end-group',
    path.join(l, 'crtn.o'),
    '-o',
    outFile,
  ]);
  return outFile;
}

/** Whether two installed include/ trees hold the same files with the same bytes. */
export function identicalHeaders(a: LibcInstall, b: LibcInstall): boolean {
  const list = (prefix: string) =>
    readdirSync(path.join(prefix, 'include'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(path.join(prefix, 'include'), path.join(e.parentPath, e.name)))
      .sort();
  const files = list(a.prefix);
  if (files.join('\n') !== list(b.prefix).join('\n')) return false;
  return files.every((f) => readFileSync(path.join(a.prefix, 'include', f)).equals(readFileSync(path.join(b.prefix, 'include', f))));
}

/**
 * Every program compiled once against `headersPrefix`'s headers, for linking with each libc that
 * installs the same headers: program name → object file, or the compiler's error.
 */
export async function compileObjects(arch: Arch, headersPrefix: string, programs: readonly Program[], objDir: string, parallel = 2): Promise<Map<string, string | Error>> {
  const objects = await mapLimit(programs, parallel, (p) => compileObject(arch, headersPrefix, p, path.join(objDir, `${p.name}.o`)).catch((e: Error) => e));
  return new Map(programs.map((p, i) => [p.name, objects[i]]));
}

export interface RunOutcome {
  stdout: string;
  stderr: string;
  /** `exit N`, `signal SIGX` or `timeout` — what is compared between the two libcs. */
  status: string;
  ms: number;
}

/** Run a binary in a fresh empty directory under `scratch`, with FIXED_ENV and stdin from /dev/null. */
export async function runProgram(runner: string[], binary: string, scratch: string, timeoutMs = 60_000): Promise<RunOutcome> {
  await mkdir(scratch, { recursive: true });
  const cwd = await mkdtemp(path.join(scratch, 'run-'));
  const [cmd, ...args] = [...runner, binary];
  const started = Date.now();
  try {
    return await new Promise<RunOutcome>((resolve, reject) => {
      const child = spawn(cmd, args, { cwd, env: { ...FIXED_ENV, HOME: cwd, TMPDIR: cwd }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        // The whole process group: a program's forked children must not outlive it.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          status: timedOut ? 'timeout' : signal ? `signal ${signal}` : `exit ${code}`,
          ms: Date.now() - started,
        });
      });
    });
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

/** Map `items` through `fn` with at most `limit` calls in flight (results in input order). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface ProgramResult extends RunOutcome {
  program: Program;
  /** Set when the program did not compile or link; then stdout/status are empty. */
  buildError?: string;
}

export interface BuildAndRunOptions {
  parallel?: number;
  timeoutMs?: number;
  /** Objects compiled beforehand (compileObjects) against headers identical to `lib`'s: only linked here. */
  objects?: Map<string, string | Error>;
}

/**
 * Compile every program against `lib` (once) and run each; at most `parallel` at a time.
 * Binaries go to `binDir`; run directories to `scratch`.
 */
export async function buildAndRunAll(
  arch: Arch,
  lib: LibcInstall,
  programs: readonly Program[],
  binDir: string,
  scratch: string,
  { parallel = 2, timeoutMs = 60_000, objects }: BuildAndRunOptions = {},
): Promise<ProgramResult[]> {
  checkInstall(lib);
  const runner = await runnerForInstall(arch, lib, scratch);
  if (runner.length) await checkRunner({ ...(await findToolchain(arch)), runner }); // names the Debian package if qemu is missing
  return mapLimit(programs, parallel, async (program) => {
    const bin = path.join(binDir, program.name);
    try {
      const obj = objects?.get(program.name);
      if (obj instanceof Error) throw obj;
      if (obj) await linkProgram(arch, lib, obj, bin);
      else await compileProgram(arch, lib, program, bin);
    } catch (e) {
      return { program, stdout: '', stderr: '', status: 'build failed', ms: 0, buildError: (e as Error).message };
    }
    return { program, ...(await runProgram(runner, bin, scratch, timeoutMs)) };
  });
}

/** Problems of a run on plain musl (a program that fails there is a bad program). */
export function selfCheckProblems(r: ProgramResult): string[] {
  const problems: string[] = [];
  if (r.buildError) problems.push(`does not build: ${r.buildError}`);
  if (r.status !== `exit ${r.program.expectedExit}`) problems.push(`status ${r.status}, expected exit ${r.program.expectedExit}`);
  const failed = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
  if (failed.length) problems.push(...failed);
  if (r.stdout.trim() === '') problems.push('no output');
  return problems;
}

/** A scratch root for one test file (removed by the caller). */
export function makeScratch(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `musl-patch-e2e-${label}-`));
}
