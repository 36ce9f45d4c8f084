// `coverage --app` on real programs compiled for each arch with its cross compiler against the
// patched musl's own headers, linked by the tool against the real patched libc.a. The expected
// needed set is derived independently: a relocatable link (`ld -r`, the plain linker, no driver)
// of the crt objects, the program, libc.a and libgcc.a, whose `nm -u` leaves exactly the backend
// functions (and the program's own gaps) undefined.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildPatchedMusl, findToolchain } from '../../../src/build/index.js';
import { SUPPORTED_ARCHES, type SupportedArch } from '../../../src/arch/index.js';
import type { AppArch } from '../../../src/model/app.js';
import { coverageDocumentSchema, type CoverageDocument } from '../../../src/report/schema.js';
import { requireFreshBuild, runCli, runInProcess } from '../../helpers/cli.js';
import { compileAgainstPatchedMusl, muslTree } from '../musl-trees.js';

const exec = promisify(execFile);
const VERSION = '1.2.5';
const PROGRAMS = new URL('./programs/', import.meta.url).pathname;
const BACKEND = 'fixtures/backend-includeos';
const BACKEND_NAME = /^(syscall_SYS_\w+|socketcall_\w+|syscall_n|syscall_clone)$/;

let work: string;
/** arch → program name → object file. */
const objects = new Map<SupportedArch, Record<string, string>>();

beforeAll(async () => {
  requireFreshBuild();
  work = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-app-'));
  for (const arch of SUPPORTED_ARCHES) {
    const { cc, flags } = await compileAgainstPatchedMusl(VERSION, arch);
    const dir = path.join(work, arch);
    await mkdir(dir, { recursive: true });
    const objs: Record<string, string> = {};
    for (const name of ['stdio_malloc', 'net_epoll', 'undefined']) {
      objs[name] = path.join(dir, `${name}.o`);
      await exec(cc, ['-O2', ...flags, '-c', path.join(PROGRAMS, `${name}.c`), '-o', objs[name]]);
    }
    objects.set(arch, objs);
  }
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** The independent derivation: `ld -r` crt1.o crti.o OBJS (libc.a libgcc.a) crtn.o, then `nm -u`. */
async function relocatableUndefined(arch: SupportedArch, objs: string[]): Promise<{ backend: string[]; other: string[] }> {
  const tc = await findToolchain(arch);
  const { build } = await buildPatchedMusl(await muslTree(VERSION), arch);
  const lib = (f: string) => path.join(build.prefix, 'lib', f);
  const libgcc = (await exec(tc.cc, ['-print-libgcc-file-name'])).stdout.trim();
  const out = path.join(work, arch, `r-${path.basename(objs[0])}`);
  await exec(`${tc.prefix}ld`, ['-r', '-o', out, lib('crt1.o'), lib('crti.o'), ...objs, '--start-group', lib('libc.a'), libgcc, '--end-group', lib('crtn.o')]);
  const { stdout } = await exec(tc.nm, ['-u', out]);
  // `U` only: a weak reference (`w`) is no link error.
  const undef = stdout.split('\n').map((l) => /^\s*U (\S+)$/.exec(l)?.[1]).filter((s): s is string => Boolean(s)).sort();
  // _GLOBAL_OFFSET_TABLE_ is the linker's own (x86): a final link defines it, a relocatable one leaves it.
  return { backend: undef.filter((s) => BACKEND_NAME.test(s)), other: undef.filter((s) => !BACKEND_NAME.test(s) && s !== '_GLOBAL_OFFSET_TABLE_') };
}

const reports = new Map<string, Promise<CoverageDocument>>();
/** The JSON report for these files (one CLI run per set of files, shared by the tests that read it). */
function appReport(files: string[]): Promise<CoverageDocument> {
  const key = files.join('\0');
  if (!reports.has(key)) reports.set(key, runAppReport(files));
  return reports.get(key)!;
}

/** In this process (the parsers load once): the same command line the CLI runs. */
async function runAppReport(files: string[]): Promise<CoverageDocument> {
  const r = await runInProcess(['coverage', VERSION, '--backend', BACKEND, '--app', ...files, '--format', 'json', '--fail-on', 'none']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return coverageDocumentSchema.parse(JSON.parse(r.stdout));
}

const appOf = (doc: CoverageDocument, arch: string): AppArch => doc.app!.arches.find((a) => a.arch === arch)!;
const entriesOf = (doc: CoverageDocument, arch: string) => doc.arches.find((a) => a.arch === arch)!.entries;
const all = (name: string) => SUPPORTED_ARCHES.map((arch) => objects.get(arch)![name]);

describe('a program that only uses stdio and malloc', () => {
  test('needs a small set on each arch: exactly the backend functions `ld -r` leaves undefined, each with its status in the backend', async () => {
    const doc = await appReport(all('stdio_malloc'));
    const whole = coverageDocumentSchema.parse(JSON.parse((await runInProcess(['coverage', VERSION, '--backend', BACKEND, '--format', 'json', '--fail-on', 'none'])).stdout));
    for (const arch of SUPPORTED_ARCHES) {
      const expected = await relocatableUndefined(arch, [objects.get(arch)!.stdio_malloc]);
      const app = appOf(doc, arch);
      expect(app.method).toBe('link');
      expect(app.needs.map((n) => n.symbol)).toEqual(expected.backend);
      expect(entriesOf(doc, arch).map((e) => e.symbol)).toEqual(expected.backend);
      expect(expected.other).toEqual([]);
      expect(app.undefined).toEqual([]);
      // Small: a fraction of the ~240-280 the whole libc needs, no socket call, the stdio write path in.
      expect(expected.backend.length).toBeGreaterThan(8);
      expect(expected.backend.length).toBeLessThan(25);
      expect(expected.backend.some((s) => s.startsWith('socketcall_'))).toBe(false);
      expect(expected.backend).toContain('syscall_SYS_writev');
      // The status is the backend's, as coverage of the whole libc gives it.
      const wholeEntries = new Map(whole.arches.find((a) => a.arch === arch)!.entries.map((e) => [e.symbol, e.status]));
      for (const e of entriesOf(doc, arch)) expect([e.symbol, e.status]).toEqual([e.symbol, wholeEntries.get(e.symbol)]);
      // writev is reached from the program's own printf or puts, through libc's stdio.
      const writev = app.needs.find((n) => n.symbol === 'syscall_SYS_writev')!;
      expect(writev.calls.map((c) => [c.file, c.function, c.symbol])).toEqual(expect.arrayContaining([[objects.get(arch)!.stdio_malloc, 'main', 'puts']]));
      for (const c of writev.calls) expect(c.chain.at(-1)?.symbol).toBe('syscall_SYS_writev');
    }
  });
});

describe('a program using sockets and epoll', () => {
  let doc: CoverageDocument;
  beforeAll(async () => {
    doc = await appReport(all('net_epoll'));
  });

  test.each(SUPPORTED_ARCHES)("%s: the needed set is what `ld -r` leaves undefined, well beyond the stdio program's", async (arch) => {
    const expected = await relocatableUndefined(arch, [objects.get(arch)!.net_epoll]);
    expect(appOf(doc, arch).needs.map((n) => n.symbol)).toEqual(expected.backend);
    expect(expected.other).toEqual([]);
    // More than the stdio program: socket calls and the epoll family on top (35/37/32 against 16/17/15 with 1.2.5).
    const small = (await relocatableUndefined(arch, [objects.get(arch)!.stdio_malloc])).backend;
    expect(expected.backend.length).toBeGreaterThan(small.length + 10);
    expect(expected.backend).toEqual(expect.arrayContaining(['socketcall_socket', 'socketcall_connect', 'syscall_SYS_epoll_ctl']));
  });

  test.each(SUPPORTED_ARCHES)("%s: it reaches socket calls the fixture backend lacks, named at the program's call sites", (arch) => {
    const file = objects.get(arch)!.net_epoll;
    const status = new Map(entriesOf(doc, arch).map((e) => [e.symbol, e.status]));
    // The fixture defines socket and connect; not sendto, recvfrom or the epoll family.
    expect(status.get('socketcall_socket')).toBe('implemented');
    expect(status.get('socketcall_connect')).toBe('implemented');
    expect(status.get('socketcall_sendto')).toBe('missing');
    expect(status.get('socketcall_recvfrom')).toBe('missing');
    expect(status.get('syscall_SYS_epoll_ctl')).toBe('missing');
    const need = (s: string) => appOf(doc, arch).needs.find((n) => n.symbol === s)!;
    const calls = (s: string) => need(s).calls.map((c) => `${path.basename(c.file)}: ${c.function} → ${c.symbol}`);
    // send() is sendto() in musl; getaddrinfo's DNS path sends with sendto too. dial() and fetch()
    // are the program's functions that call them (dial is static and inlined into fetch at -O2).
    expect(calls('socketcall_sendto')).toEqual(expect.arrayContaining(['net_epoll.o: fetch → send', 'net_epoll.o: fetch → getaddrinfo']));
    expect(calls('socketcall_recvfrom')).toEqual(expect.arrayContaining(['net_epoll.o: fetch → recv']));
    expect(calls('syscall_SYS_epoll_ctl')).toEqual(expect.arrayContaining(['net_epoll.o: fetch → epoll_ctl']));
    for (const c of need('socketcall_sendto').calls) {
      expect(c.file).toBe(file);
      expect(c.chain.at(-1)).toMatchObject({ symbol: 'socketcall_sendto' });
    }
    // The chain through getaddrinfo names the libc members in between.
    const viaLookup = need('socketcall_sendto').calls.find((c) => c.symbol === 'getaddrinfo')!;
    expect(viaLookup.chain.length).toBeGreaterThan(1);
    expect(viaLookup.chain.every((s) => s.file.startsWith('libc.a('))).toBe(true);
  });

  test('--fail-on missing exits 1 and names the arches and counts; the text report shows the chains', async () => {
    const r = await runCli(['coverage', VERSION, '--backend', BACKEND, '--app', ...all('net_epoll'), '--fail-on', 'missing'], { timeoutMs: 600_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^musl-patch: backend coverage check failed \(x86_64: \d+ missing; i386: \d+ missing; aarch64: \d+ missing; riscv64: \d+ missing\)/);
    expect(r.stdout).toMatch(/^ {4}\S+net_epoll\.o: fetch → send → sendto → socketcall_sendto$/m);
  });
});

describe("the program's own gaps", () => {
  test.each(SUPPORTED_ARCHES)("%s: an undefined symbol of the program is reported as the program's problem, apart from the backend's", async (arch) => {
    const file = objects.get(arch)!.undefined;
    const doc = await appReport(all('undefined'));
    const expected = await relocatableUndefined(arch, [file]);
    const app = appOf(doc, arch);
    expect(app.undefined).toEqual([
      { symbol: 'helper_from_elsewhere', references: [{ file, function: 'main' }] },
      { symbol: 'table_from_elsewhere', references: [{ file, function: 'main' }] },
    ]);
    expect(expected.other).toEqual(['helper_from_elsewhere', 'table_from_elsewhere']);
    expect(app.needs.map((n) => n.symbol)).toEqual(expected.backend);
    expect(entriesOf(doc, arch).map((e) => e.symbol)).not.toContain('helper_from_elsewhere');
  });

  test('--fail-on undefined fails on them; --fail-on missing against a backend with everything does not', async () => {
    const file = objects.get('x86_64')!.undefined;
    const passthrough = ['kernel-backend/passthrough/passthrough.c', `kernel-backend/passthrough/${VERSION}/x86_64.h`];
    const ok = await runCli(['coverage', VERSION, '--backend', ...passthrough, '--app', file, '--fail-on', 'missing']);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain("the program's own undefined symbols (not backend functions: its link fails without them):\n    helper_from_elsewhere: ");
    const failed = await runCli(['coverage', VERSION, '--backend', ...passthrough, '--app', file, '--fail-on', 'undefined']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^musl-patch: program check failed \(x86_64: 2 undefined in the program\) \(link what defines them/);
  });
});

describe('--baseline: what a change to the program changes for it', () => {
  test('from the stdio program to the sockets program: the new needs listed, --fail-on new-missing fails on them only; a whole-libc baseline is refused', async () => {
    const arch = 'i386';
    const base = path.join(work, 'base.json');
    const whole = path.join(work, 'whole.json');
    await writeFile(base, JSON.stringify(await appReport([objects.get(arch)!.stdio_malloc])));
    const wholeRun = await runInProcess(['coverage', VERSION, '--backend', BACKEND, '--arch', arch, '--format', 'json', '--fail-on', 'none', '--out', whole]);
    expect(wholeRun.code).toBe(0);
    const before = new Set(appOf(await appReport([objects.get(arch)!.stdio_malloc]), arch).needs.map((n) => n.symbol));
    const after = appOf(await appReport([objects.get(arch)!.net_epoll]), arch);
    const gained = after.needs.map((n) => n.symbol).filter((s) => !before.has(s));
    expect(gained).toEqual(expect.arrayContaining(['socketcall_sendto', 'syscall_SYS_epoll_ctl']));

    const args = ['coverage', VERSION, '--backend', BACKEND, '--app', objects.get(arch)!.net_epoll];
    const r = await runInProcess([...args, '--baseline', base, '--fail-on', 'new-missing']);
    expect(r.code).toBe(1);
    const change = /^ {2}i386: (.*)$/m.exec(r.stdout.slice(r.stdout.indexOf('Against the baseline:')))![1];
    // Every symbol the sockets program needs and the stdio one did not, and nothing else.
    const listed = [...change.matchAll(/\+ (\S+) \(newly needed/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...gained].sort());
    expect(change).not.toMatch(/no longer needed/);
    expect(r.stderr).toMatch(/^musl-patch: backend coverage check failed \(i386: \d+ new missing \(socketcall_/);
    // The same program against itself: nothing new, nothing fails.
    await writeFile(base, JSON.stringify(await appReport([objects.get(arch)!.net_epoll])));
    expect((await runInProcess([...args, '--baseline', base, '--fail-on', 'new-missing,new-stub,new-abi'])).code).toBe(0);

    const refused = await runInProcess([...args, '--baseline', whole]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('is a report of the whole libc, and this one is of a program (--app)');
  });
});

describe('inputs', () => {
  test('an archive of the program gives what its objects give; an ELF of another arch is refused in one line', async () => {
    const objs = objects.get('aarch64')!;
    const tc = await findToolchain('aarch64');
    const archive = path.join(work, 'aarch64', 'libnet.a');
    await exec(`${tc.prefix}ar`, ['rc', archive, objs.net_epoll]);
    // main is in the archive: crt1.o's reference pulls it, as in the program's own link.
    const fromArchive = await appReport([archive]);
    const fromObject = await appReport(all('net_epoll'));
    expect(appOf(fromArchive, 'aarch64').needs.map((n) => n.symbol)).toEqual(appOf(fromObject, 'aarch64').needs.map((n) => n.symbol));
    expect(appOf(fromArchive, 'aarch64').needs.find((n) => n.symbol === 'socketcall_sendto')!.calls[0].file).toBe(`${archive}(net_epoll.o)`);

    const r = await runCli(['coverage', VERSION, '--backend', BACKEND, '--app', objects.get('x86_64')!.stdio_malloc, '--arch', 'aarch64']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/stdio_malloc\.o is an x86_64 object, and --arch asks for aarch64 \(pass files compiled for aarch64, or --arch x86_64\)/);
  });

  test('a linked static executable: the backend functions its symbol table holds, with their status', async () => {
    const arch = 'x86_64';
    const tc = await findToolchain(arch);
    const patched = await buildPatchedMusl(await muslTree(VERSION), arch);
    const lib = (f: string) => path.join(patched.build.prefix, 'lib', f);
    const libgcc = (await exec(tc.cc, ['-print-libgcc-file-name'])).stdout.trim();
    const exe = path.join(work, arch, 'net_epoll');
    // Linked with the passthrough backend object, as a test kernel links one.
    await exec(tc.cc, ['-nostdlib', '-static', '-no-pie', '-o', exe, lib('crt1.o'), lib('crti.o'), objects.get(arch)!.net_epoll, lib('libc.a'), patched.passthrough, libgcc, lib('crtn.o')]);
    const doc = await appReport([exe]);
    const app = appOf(doc, arch);
    expect(app.method).toBe('symbol-table');
    const { stdout } = await exec(tc.nm, ['--defined-only', exe]);
    const defined = stdout.split('\n').map((l) => l.split(' ')[2]).filter((s) => s && BACKEND_NAME.test(s)).sort();
    expect(app.needs.map((n) => n.symbol)).toEqual([...new Set(defined)].sort());
    // What the objects need is in it (the passthrough object is linked whole, so it holds more).
    const needed = (await relocatableUndefined(arch, [objects.get(arch)!.net_epoll])).backend;
    expect(app.needs.map((n) => n.symbol)).toEqual(expect.arrayContaining(needed));
    expect(entriesOf(doc, arch).find((e) => e.symbol === 'socketcall_socket')?.status).toBe('implemented');
  });
});
