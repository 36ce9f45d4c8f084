// libc call-path benchmark (issue 19): the patched libc's path into the backend against plain
// musl's trap and against a direct C call of the backend function, natively on x86_64, in one
// run. bench/libc/calls.c is linked against plain musl, and against patched musl with
// bench/libc/backend.c (constant-returning functions) in place of the passthrough's for the four
// timed symbols; the patched binary also times the direct calls. Each is linked twice: with
// musl's cancellation machinery (pthread_cancel referenced, as in a program that cancels
// threads) and without it (-DSHORT_CP: musl's short path for a static program that never does).
// Within a binary, batches of the libc call alternate with batches of the direct call (~0.2 ms
// each, on the thread's CPU clock, so a busy machine's preemptions do not count); a run's figure
// is the median of its batches, rounds alternate the binaries, and each figure printed is the
// median of ROUNDS runs.
// Targets: getppid (plain call) <= 1.5x the direct call; read(-1, ...) (cancellation point,
// machinery linked) <= 3x.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPatchedMusl, buildPlainMusl, findToolchain } from '../dist/build/index.js';
import { openMuslTree } from '../dist/source/index.js';

const here = join(dirname(fileURLToPath(import.meta.url)), 'libc');
const ARCH = 'x86_64';
const ROUNDS = 7;
const BATCHES = 51;
const CALLS_TIMED = ['getppid', 'read', 'clock_gettime', 'write'];
const BACKEND_SYMBOLS = CALLS_TIMED.map((c) => `syscall_SYS_${c}`);
/** What bench/libc/backend.c's getppid returns: tells that its function, not the passthrough's, answered. */
const BENCH_PPID = '4242';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export async function benchLibc(treeRoot) {
  if (process.arch !== 'x64') throw new Error('the libc bench runs natively on x86_64 only');
  const tree = await openMuslTree(treeRoot);
  const [plain, patched, tc] = [await buildPlainMusl(tree, ARCH), await buildPatchedMusl(tree, ARCH), await findToolchain(ARCH)];
  const work = mkdtempSync(join(tmpdir(), 'musl-patch-bench-libc-'));
  try {
    const bins = link(tc, work, plain.prefix, patched);
    const runs = Object.fromEntries(Object.keys(bins).map((b) => [b, []]));
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate the order, so a slow stretch of the machine falls on all of them.
      const order = i % 2 ? Object.keys(bins).reverse() : Object.keys(bins);
      for (const b of order) runs[b].push(measure(bins[b]));
    }
    if (['patched', 'patchedShort'].some((b) => runs[b].some((r) => r.check !== BENCH_PPID))) {
      throw new Error('the patched binary did not call bench/libc/backend.c');
    }
    const med = (b, key) => median(runs[b].map((r) => r.ns[key]));
    const row = (call, label, [p, q]) => ({ call, label, plain: med(p, call), patched: med(q, call), direct: med(q, `direct_${call}`) });
    const rows = [
      ...CALLS_TIMED.map((c) => row(c, c === 'clock_gettime' ? 'clock_gettime*' : c, ['plain', 'patched'])),
      row('read', 'read, short cp†', ['plainShort', 'patchedShort']),
    ];
    printTable(rows, tc.version);
    const ratio = (r) => r.patched / r.direct;
    return [
      [`libc: getppid (plain call) ${ratio(rows[0]).toFixed(2)}x a direct call (target <= 1.5x)`, ratio(rows[0]) <= 1.5],
      [`libc: read(-1, ...) (cancellation point) ${ratio(rows[1]).toFixed(2)}x a direct call (target <= 3x)`, ratio(rows[1]) <= 3],
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** calls.c against plain musl; calls.c -DDIRECT + backend.c against patched musl; each with and without -DSHORT_CP. */
function link(tc, work, plainPrefix, patched) {
  const include = run(tc.cc, ['-print-file-name=include']).trim();
  const libgcc = run(tc.cc, ['-print-libgcc-file-name']).trim();
  const compile = (source, out, prefix, flags = []) =>
    run(tc.cc, ['-O2', '-static', '-nostdinc', '-isystem', join(prefix, 'include'), '-isystem', include, '-D_GNU_SOURCE', ...flags, '-c', source, '-o', out]);
  const binary = (name, prefix, flags, extra = []) => {
    const obj = join(work, `${name}.o`);
    compile(join(here, 'calls.c'), obj, prefix, flags);
    const l = join(prefix, 'lib');
    const out = join(work, name);
    run(tc.cc, ['-nostdlib', '-static', join(l, 'crt1.o'), join(l, 'crti.o'), obj, ...extra, '-Wl,--start-group', join(l, 'libc.a'), libgcc, '-Wl,--end-group', join(l, 'crtn.o'), '-o', out]);
    return out;
  };
  const backend = join(work, 'backend.o');
  compile(join(here, 'backend.c'), backend, patched.build.prefix, ['-ffreestanding']);
  // The passthrough's definitions of the timed symbols become weak: backend.c's win at link time.
  const passthrough = join(work, 'passthrough.o');
  run(tc.objcopy, [...BACKEND_SYMBOLS.flatMap((s) => ['-W', s]), patched.passthrough, passthrough]);
  const p = patched.build.prefix;
  return {
    plain: binary('plain', plainPrefix, []),
    patched: binary('patched', p, ['-DDIRECT'], [backend, passthrough]),
    plainShort: binary('plain-short', plainPrefix, ['-DSHORT_CP']),
    patchedShort: binary('patched-short', p, ['-DDIRECT', '-DSHORT_CP'], [backend, passthrough]),
  };
}

/** One run of a binary: the median of its batches per measurement. */
function measure(binary) {
  const out = run(binary, [String(BATCHES)]);
  const batches = {};
  let check;
  for (const line of out.trim().split('\n')) {
    const [name, value, extra] = line.split(' ');
    if (name === 'check') check = extra;
    else (batches[name] ??= []).push(Number(value));
  }
  return { ns: Object.fromEntries(Object.entries(batches).map(([name, xs]) => [name, median(xs)])), check };
}

function printTable(rows, compiler) {
  console.log(`libc call path, musl 1.2.5 ${ARCH} (${compiler}), ns per call, median of ${ROUNDS} runs:`);
  console.log('  call              plain musl   patched   direct   patched/direct   plain/patched');
  for (const r of rows) {
    console.log(
      `  ${r.label.padEnd(16)} ${r.plain.toFixed(2).padStart(10)} ${r.patched.toFixed(2).padStart(9)} ${r.direct.toFixed(2).padStart(8)}` +
        ` ${`${(r.patched / r.direct).toFixed(2)}x`.padStart(16)} ${`${(r.plain / r.patched).toFixed(1)}x`.padStart(15)}`,
    );
  }
  console.log('  plain musl traps into Linux (* clock_gettime: its vDSO, no trap); patched calls a constant backend');
  console.log('  function; direct is a C call of that function. read(-1, ...) is a cancellation point, timed with');
  console.log("  musl's cancellation machinery linked († without: a static program that never cancels). write: to a sink.");
}
