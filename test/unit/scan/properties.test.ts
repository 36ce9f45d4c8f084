// Property-based tests (fast-check) of the preprocessor, the scanner and the backend reader on
// generated input (issue 21, deliverable 3): nested and recursive macros with `#`, `##` and
// variable arguments, `#if` nesting, and garbage. Properties: never an exception other than a
// named limit, bounded time, and agreement with `gcc -E` wherever gcc accepts the input.
// Each property logs how many cases ran and its slowest input's time (the issue's closing figures).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { readBackend } from '../../../src/backend/reader.js';
import { evaluateIf, mapEnv } from '../../../src/c/condition.js';
import { ExpansionLimit, expandTokens, type ExpandedToken } from '../../../src/c/expand.js';
import { scan } from '../../../src/scan/index.js';
import { lex } from '../../../src/c/tokens.js';
import { openMuslTree } from '../../../src/source/index.js';
import { UserError } from '../../../src/util/errors.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'properties-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fixed seed: a failure reproduces; the seed and path fast-check prints shrink it further. */
const SEED = 20261202;
/** Far above any input here (the slowest takes milliseconds); only a hang reaches it. */
const HANG_MS = 10_000;

function figures(what: string, times: number[]): void {
  const slowest = Math.max(...times);
  console.log(`property ${what}: ${times.length} generated cases, slowest ${slowest.toFixed(1)} ms`);
  expect(slowest).toBeLessThan(HANG_MS);
}

function timedRun<T>(times: number[], fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    times.push(performance.now() - t0);
  }
}

// ---- Generated macro sets -------------------------------------------------------------------

const MACROS = 5;
const PARAMS = ['a', 'b', 'c'];

type Item =
  | { t: 'tok'; text: string }
  | { t: 'name'; k: number }
  | { t: 'call'; k: number; args: Item[][] }
  | { t: 'param'; p: number }
  | { t: 'str'; p: number }
  | { t: 'paste'; left: Item; right: Item }
  | { t: 'va' }
  | { t: 'vacomma' };

interface Def {
  /** null: object-like. */
  params: number | null;
  variadic: boolean;
  body: Item[];
}

const plainTok = fc.constantFrom('x', 'y', '1', '2', '+', '*', '-');
const pasteable: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom('x', 'y', '7').map((text) => ({ t: 'tok', text }) as Item),
  fc.integer({ min: 0, max: MACROS - 1 }).map((k) => ({ t: 'name', k }) as Item),
  fc.integer({ min: 0, max: 2 }).map((p) => ({ t: 'param', p }) as Item),
);
const { item } = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    plainTok.map((text) => ({ t: 'tok', text }) as Item),
    fc.integer({ min: 0, max: MACROS - 1 }).map((k) => ({ t: 'name', k }) as Item),
    fc.record({ t: fc.constant('call' as const), k: fc.integer({ min: 0, max: MACROS - 1 }), args: fc.array(fc.array(tie('item'), { maxLength: 3 }), { maxLength: 4 }) }),
    fc.integer({ min: 0, max: 2 }).map((p) => ({ t: 'param', p }) as Item),
    fc.integer({ min: 0, max: 2 }).map((p) => ({ t: 'str', p }) as Item),
    fc.record({ t: fc.constant('paste' as const), left: pasteable, right: pasteable }),
    fc.constant({ t: 'va' } as Item),
    fc.constant({ t: 'vacomma' } as Item),
  ),
}));
const def: fc.Arbitrary<Def> = fc.record({
  params: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  variadic: fc.boolean(),
  body: fc.array(item, { maxLength: 6 }),
});
const macroSet = fc.record({ defs: fc.array(def, { minLength: MACROS, maxLength: MACROS }), input: fc.array(item, { minLength: 1, maxLength: 6 }) });
type MacroSet = { defs: Def[]; input: Item[] };

/** Renders an item as C text for a context with `params` parameters (null: none) and variable arguments or not. */
function render(x: Item, defs: Def[], params: number | null, variadic: boolean): string {
  const name = (k: number) => `M${k}`;
  switch (x.t) {
    case 'tok':
      return x.text;
    case 'name':
      return name(x.k);
    case 'param':
      return params ? PARAMS[x.p % params] : 'z';
    case 'str':
      return params ? `#${PARAMS[x.p % params]}` : 'z';
    case 'va':
      return variadic ? '__VA_ARGS__' : 'w';
    case 'vacomma':
      return variadic ? ', ## __VA_ARGS__' : ', w';
    case 'paste':
      return `${render(x.left, defs, params, variadic)} ## ${render(x.right, defs, params, variadic)}`;
    case 'call': {
      // As many arguments as the macro takes, so gcc accepts the call (more for variable arguments).
      const target = defs[x.k];
      const want = target.params ?? 0;
      const args = x.args.map((a) => a.map((i) => render(i, defs, params, variadic)).join(' '));
      const fitted = target.variadic ? args.concat(Array(Math.max(0, want - args.length)).fill('')) : args.slice(0, want).concat(Array(Math.max(0, want - args.length)).fill(''));
      return `${name(x.k)}(${fitted.join(', ')})`;
    }
  }
}

function defines(set: MacroSet): Record<string, string> {
  const out: Record<string, string> = {};
  set.defs.forEach((d, k) => {
    const params = d.params === null ? null : PARAMS.slice(0, d.params);
    const variadic = params !== null && d.variadic;
    const head = params === null ? `M${k}` : `M${k}(${[...params, ...(variadic ? ['...'] : [])].join(', ')})`;
    // `#` and `##` at the edges, or `#` in an object-like macro, are errors for gcc: keep bodies valid.
    const body = d.body
      .filter((x) => params !== null || (x.t !== 'str' && x.t !== 'paste'))
      .map((x) => render(x, set.defs, params === null ? null : params.length || null, variadic))
      .join(' ');
    out[head] = body;
  });
  return out;
}

const inputText = (set: MacroSet) => set.input.map((x) => render(x, set.defs, null, false)).join(' ');

/** Token spellings, string literals without whitespace (gcc and we may space a stringized argument differently). */
const spellings = (tokens: { kind: string; text: string }[]) => tokens.map((t) => (t.kind === 'string' ? t.text.replace(/\s+/g, '') : t.text));

/** gcc -E -P of many cases in one run; null for a case gcc rejects (found from the lines its errors name, then run again without). */
function gccExpand(cases: { defs: Record<string, string>; input: string }[]): (string | null)[] {
  const file = path.join(tmp, 'cases.c');
  const result: (string | null)[] = cases.map(() => null);
  let live = cases.map((_, i) => i);
  for (let round = 0; live.length > 0 && round < 10; round++) {
    const lines: string[] = [];
    const caseOfLine: number[] = [];
    for (const i of live) {
      const c = cases[i];
      const names = Object.keys(c.defs).map((h) => h.replace(/\(.*/, ''));
      for (const l of [...Object.entries(c.defs).map(([h, b]) => `#define ${h} ${b}`), `CASE_MARK_${i}`, c.input, ...names.map((n) => `#undef ${n}`)]) {
        lines.push(l);
        caseOfLine.push(i);
      }
    }
    writeFileSync(file, `${lines.join('\n')}\nCASE_MARK_END\n`);
    const r = spawnSync('gcc', ['-E', '-P', '-w', '-std=gnu17', file], { encoding: 'utf8' });
    if (r.status === 0) {
      const parts = r.stdout.split(/CASE_MARK_(?:\d+|END)/);
      live.forEach((i, k) => (result[i] = parts[k + 1]));
      return result;
    }
    const rejected = new Set([...r.stderr.matchAll(/cases\.c:(\d+):\d+: error/g)].map((m) => caseOfLine[Number(m[1]) - 1]));
    if (rejected.size === 0) throw new Error(`gcc -E failed without naming a line:\n${r.stderr}`);
    live = live.filter((i) => !rejected.has(i));
  }
  return result;
}

describe('preprocessor (macro expansion)', () => {
  it('agrees with gcc -E on generated nested, recursive, pasting and stringizing macros', () => {
    const sets = fc.sample(macroSet, { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000), seed: Number(process.env.PROPERTY_SEED ?? SEED) });
    const cases = sets.map((s) => ({ defs: defines(s), input: inputText(s) }));
    const want = gccExpand(cases);
    const times: number[] = [];
    let compared = 0;
    for (const [i, c] of cases.entries()) {
      const ours = timedRun(times, () => expandTokens(lex(c.input), mapEnv(c.defs)));
      if (want[i] === null) continue; // gcc rejects it (e.g. a paste that is no token): no answer to agree with
      compared++;
      expect(spellings(ours), `case ${i}:\n${Object.entries(c.defs).map(([h, b]) => `#define ${h} ${b}`).join('\n')}\n${c.input}`).toEqual(spellings(lex(want[i]!)));
    }
    figures(`macro expansion vs gcc -E (${compared} compared, ${cases.length - compared} rejected by gcc)`, times);
    expect(compared).toBeGreaterThan(cases.length * 0.8);
  });

  it('never throws anything but a named limit, and stays bounded, on token soup', () => {
    const soup = fc.array(fc.constantFrom('M0', 'M1', 'M2', '(', ')', ',', '##', '#', 'x', '1', '__VA_ARGS__', '...'), { maxLength: 40 });
    const times: number[] = [];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('M0', 'M1', 'M2', 'M0(a)', 'M1(a,b)', 'M2(...)', 'M2(a,...)'), soup), { maxLength: 4 }), soup, (defs, input) => {
        const env = mapEnv(Object.fromEntries(defs.map(([h, b]) => [h, b.join(' ')])));
        timedRun(times, () => {
          try {
            expandTokens(lex(input.join(' ')), env);
          } catch (err) {
            if (!(err instanceof ExpansionLimit)) throw err;
          }
        });
      }),
      { numRuns: 1000, seed: SEED },
    );
    figures('macro expansion on token soup', times);
  });
});

describe('preprocessor (#if)', () => {
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('0', '1', '2', '7', '0x10', '-1', 'A', 'B', 'U', 'F(3)', 'defined(A)', 'defined U', '!defined(B)'),
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '<', '>=', '==', '!=', '&&', '||', '&', '|', '^', '<<'), tie('e')).map(([l, o, r]) => `(${l} ${o} ${r})`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `(${c} ? ${t} : ${f})`),
      tie('e').map((e) => `!(${e})`),
    ),
  })).e;

  it('decides generated #if expressions as gcc does', () => {
    const defs = { A: '3', B: 'A + 1', 'F(x)': '((x) * A)' };
    const exprs = fc.sample(expr, { numRuns: 300, seed: SEED });
    const file = path.join(tmp, 'if.c');
    writeFileSync(file, `${Object.entries(defs).map(([h, b]) => `#define ${h} ${b}`).join('\n')}\n${exprs.map((e, i) => `#if ${e}\nT${i}\n#else\nF${i}\n#endif`).join('\n')}\n`);
    const r = spawnSync('gcc', ['-E', '-P', '-w', file], { encoding: 'utf8' });
    // No division is generated; gcc accepts every expression here.
    expect(r.status, r.stderr).toBe(0);
    const gccTrue = new Set(r.stdout.split(/\s+/).filter((w) => /^T\d+$/.test(w)));
    const env = mapEnv(defs);
    const times: number[] = [];
    exprs.forEach((e, i) => {
      const v = timedRun(times, () => evaluateIf(e, env));
      // A shift count outside 0..63 (`<< -1`) is undefined in C: the evaluator leaves it unknown on purpose.
      if (v === null && e.includes('<<')) return;
      expect(v, `#if ${e}`).not.toBeNull();
      expect(v !== 0n, `#if ${e}`).toBe(gccTrue.has(`T${i}`));
    });
    figures('#if vs gcc -E', times);
  });
});

// ---- The scanner on a generated source in musl-mini -----------------------------------------

const line = fc.oneof(
  fc.constantFrom(
    '#if 1', '#if 0', '#ifdef SYS_read', '#ifndef X', '#else', '#elif defined(__x86_64__)', '#endif', '#define W(x) syscall(SYS_read, x, 0, 0)',
    '#define R R', '#define V(...) __VA_ARGS__', '#undef W', 'long f(int fd) { return W(fd); }', 'long g(int fd) { return syscall(SYS_read, V(fd, 0), 0); }',
    'static long h(void) { return __syscall(SYS_getuid); }', 'int k = R;', '{', '}', '(', '"unterminated', "'", '/* open comment', '??/', '\\', '#include "nowhere.h"', '#error x',
  ),
  fc.string({ maxLength: 30 }),
);

describe('scanner', () => {
  it('scans a generated source with nested conditionals, macros and garbage: no exception but a one-line user error', async () => {
    const dir = path.join(tmp, 'tree');
    cpSync(FIXTURE, dir, { recursive: true });
    const file = path.join(dir, 'src/unistd/generated.c');
    const times: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 30 }), async (lines) => {
        writeFileSync(file, `#include "syscall.h"\n${lines.join('\n')}\n`);
        const t0 = performance.now();
        try {
          await scan(await openMuslTree(dir), ['x86_64'], { cache: false });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          expect(err.line()).not.toContain('\n');
        } finally {
          times.push(performance.now() - t0);
        }
      }),
      { numRuns: 40, seed: SEED },
    );
    figures('scanner on generated sources', times);
  }, 300_000);
});

// ---- The backend reader on generated C ------------------------------------------------------

const NAMES = ['syscall_SYS_read', 'syscall_SYS_write', 'syscall_SYS_close', 'socketcall_connect', 'syscall_n'];
const definition = fc.record({
  name: fc.constantFrom(...NAMES),
  params: fc.array(fc.constantFrom('long', 'int', 'const char *', 'unsigned long', 'void *'), { maxLength: 4 }),
  weak: fc.boolean(),
  body: fc.constantFrom('return 0;', 'return -38;', 'return a0 + 1;', '{ long r = 1; return r; }'),
});
const chunk = fc.oneof(
  definition.map((d) => ({ def: d, text: '' })),
  fc.constantFrom('int helper(void) { return 1; }', '#if defined(__x86_64__)', '#else', '#endif', 'struct s { int x; };', 'typedef long T;').map((text) => ({ def: null, text })),
);

function definitionText(d: { name: string; params: string[]; weak: boolean; body: string }): string {
  const params = d.params.length === 0 ? 'void' : d.params.map((p, i) => `${p} a${i}`).join(', ');
  const body = d.body.includes('a0') && d.params.length === 0 ? 'return 0;' : d.body;
  return `${d.weak ? '__attribute__((weak)) ' : ''}long ${d.name}(${params}) { ${body.startsWith('{') ? body.slice(1, -1) : body} }`;
}

describe('backend reader', () => {
  it('finds exactly the backend functions gcc compiles into the object (nm), for generated C; garbage never throws', async () => {
    const times: number[] = [];
    let compiled = 0;
    const dir = path.join(tmp, 'backend');
    mkdirSync(dir, { recursive: true });
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 8 }), fc.option(fc.string({ maxLength: 40 }), { nil: null }), async (chunks, garbage) => {
        const seen = new Set<string>();
        const lines: string[] = [];
        let depth = 0;
        for (const c of chunks) {
          if (c.def) {
            if (seen.has(c.def.name)) continue; // one definition per name: gcc would reject a redefinition
            seen.add(c.def.name);
            lines.push(definitionText(c.def));
          } else if (c.text === '#else' || c.text === '#endif') {
            if (depth === 0) continue;
            if (c.text === '#endif') depth--;
            lines.push(c.text);
          } else {
            if (c.text.startsWith('#if')) depth++;
            lines.push(c.text);
          }
        }
        while (depth-- > 0) lines.push('#endif');
        const source = path.join(dir, 'gen.c');
        writeFileSync(source, `${lines.join('\n')}\n${garbage === null ? '' : `/* ${garbage.replace(/\*\//g, '')} */\n`}`);
        const t0 = performance.now();
        const reading = await readBackend([dir], defaultBackendConfig(), { relativeTo: dir });
        times.push(performance.now() - t0);
        const obj = path.join(tmp, 'gen.o');
        const cc = spawnSync('gcc', ['-c', '-w', '-o', obj, source], { encoding: 'utf8' });
        if (cc.status !== 0) return; // gcc rejects it: nothing to agree with
        compiled++;
        const nm = execFileSync('nm', ['--defined-only', obj], { encoding: 'utf8' });
        const inObject = nm.split('\n').map((l) => l.trim().split(/\s+/).pop()!).filter((n) => NAMES.includes(n)).sort();
        const found = [...new Set(reading.symbols.filter((s) => !(s as { arches?: string[] | null }).arches || (s as { arches?: string[] | null }).arches!.includes('x86_64')).map((s) => s.name))].sort();
        expect(found, readFileSync(source, 'utf8')).toEqual(inObject);
      }),
      { numRuns: 60, seed: SEED },
    );
    figures(`backend reader (${compiled} compared with gcc -c + nm)`, times);
    expect(compiled).toBeGreaterThan(30);
  }, 300_000);

  it('reads garbage without throwing', async () => {
    const dir = path.join(tmp, 'garbage');
    mkdirSync(dir, { recursive: true });
    const times: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(line, fc.string({ maxLength: 60 }), definition.map(definitionText)), { maxLength: 20 }), async (lines) => {
        writeFileSync(path.join(dir, 'g.cpp'), lines.join('\n'));
        const t0 = performance.now();
        await readBackend([dir], defaultBackendConfig(), { relativeTo: dir });
        times.push(performance.now() - t0);
      }),
      { numRuns: 100, seed: SEED },
    );
    figures('backend reader on garbage', times);
  }, 300_000);
});
