// Adversarial C from the reliability issue, made small: a long macro chain (80 s at n=1000 with the
// old hide-set expander, gcc 0.2 s), a self-amplifying macro in syscall arguments ("does not
// terminate" with no file or line), and a 50 MB read.c ("Maximum call stack size exceeded").
// Times are measured in the bench (npm run bench -- macro), not asserted here.
import { appendFileSync, closeSync, cpSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readBackend } from '../../../src/backend/reader.js';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { mapEnv } from '../../../src/c/condition.js';
import { ExpansionLimit, expandTokens, expansionBudget } from '../../../src/c/expand.js';
import { scan } from '../../../src/scan/index.js';
import { lex, spell } from '../../../src/c/tokens.js';
import { openMuslTree } from '../../../src/source/index.js';
import { UserError } from '../../../src/util/errors.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'adversarial-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function chain(n: number): Record<string, string> {
  const defs: Record<string, string> = { [`M${n}(x)`]: 'x' };
  for (let i = 0; i < n; i++) defs[`M${i}(x)`] = `M${i + 1}((x))`;
  return defs;
}

function treeWith(name: string, readC: string): string {
  const dir = path.join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  appendFileSync(path.join(dir, 'src/unistd/read.c'), readC);
  return dir;
}

async function scanError(dir: string): Promise<UserError> {
  const err = await scan(await openMuslTree(dir), ['x86_64'], { cache: false }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).line()).not.toContain('\n');
  return err as UserError;
}

describe('macro expansion on hostile input', () => {
  it('expands the n=1000 chain M<i>(x) -> M<i+1>((x)) to the innermost argument in 1000 parentheses', () => {
    const out = spell(expandTokens(lex('M0(a)'), mapEnv(chain(1000))));
    expect(out.replace(/ /g, '')).toBe(`${'('.repeat(1000)}a${')'.repeat(1000)}`);
  });

  it('stops a self-amplifying macro at the token limit, naming the macro', () => {
    const env = mapEnv({ 'L0(x)': 'x x x x x x x x x x', 'L1(x)': 'L0(L0(x))', 'L2(x)': 'L1(L1(x))', 'L3(x)': 'L2(L2(x))' });
    expect(() => expandTokens(lex('L3(fd)'), env, undefined, expansionBudget(10_000))).toThrow(ExpansionLimit);
    expect(() => expandTokens(lex('L3(fd)'), env, undefined, expansionBudget(10_000))).toThrow(/macro expansion of L\d produces more than 10000 tokens \(the macroExpansionTokens limit\)/);
  });

  it('a chain and a self-amplifying macro in syscall arguments: the chain scans, the amplifier is one line with file:line', async () => {
    const defs = Object.entries(chain(100)).map(([k, v]) => `#define ${k} ${v}`);
    const ok = treeWith('chain', `\n${defs.join('\n')}\nlong chain_read(int fd) { return syscall(SYS_read, M0(fd), 0, 0); }\n`);
    const r = await scan(await openMuslTree(ok), ['x86_64'], { cache: false });
    const site = r.arches[0].sites.find((s) => s.function === 'chain_read');
    expect(site?.token).toBe('SYS_read');

    const amp = treeWith('amp', ['', '#define L0(x) x x x x x x x x x x', '#define L1(x) L0(L0(x))', '#define L2(x) L1(L1(x))', '#define L3(x) L2(L2(x))', 'long amp_read(int fd) { return syscall(SYS_read, L3(fd), 0, 0); }', ''].join('\n'));
    const e = await scanError(amp);
    expect(e.message).toMatch(/^src\/unistd\/read\.c:13: macro expansion of L\d produces more than \d+ tokens \(the macroExpansionTokens limit\)$/);
   }, 120_000); // two scans and 5M tokens: generous for a loaded machine, a hang still fails

  it('a 50 MB read.c is one line naming the size limit, for the scanner and the backend reader', async () => {
    const dir = treeWith('big', '');
    const fd = openSync(path.join(dir, 'src/unistd/read.c'), 'r+');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const e = await scanError(dir);
    expect(e.message).toBe('src/unistd/read.c is 50 MiB, above the 16 MiB limit for one source file');
    const b = await readBackend([path.join(dir, 'src/unistd')], defaultBackendConfig(), { relativeTo: dir }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(b).toBeInstanceOf(UserError);
    expect((b as UserError).message).toBe('src/unistd/read.c is 50 MiB, above the 16 MiB limit for one source file');
  });
});
