// Line endings never change an answer: a CRLF tree, or CRLF in just the two headers the syscall
// table comes from, scans exactly as the LF tree (issue: `scan` exited 70 in resolveAliases, and a
// CRLF bits/syscall.h.in gave 0 syscalls and fewer sites with exit 0). The rewrite, which writes
// files back, refuses CRLF in one line instead of writing mixed line ends.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyscallTable } from '../../../src/musl/table.js';
import { scan } from '../../../src/scan/index.js';
import { openMuslTree } from '../../../src/source/index.js';
import { requireFreshBuild, runCli } from '../../helpers/cli.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'line-endings-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const toCrlf = (file: string) => writeFileSync(file, readFileSync(file, 'latin1').replace(/\n/g, '\r\n'), 'latin1');

function copyTree(name: string, crlf: (rel: string) => boolean): string {
  const dir = path.join(tmp, name);
  cpSync(FIXTURE, dir, { recursive: true });
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    if (statSync(path.join(dir, rel)).isFile() && crlf(rel)) toCrlf(path.join(dir, rel));
  }
  return dir;
}

const TABLE_HEADERS = ['src/internal/syscall.h', 'arch/x86_64/bits/syscall.h.in'];
const ARCHES = ['x86_64', 'i386', 'aarch64'];

async function scanJson(dir: string): Promise<string> {
  const r = await scan(await openMuslTree(dir), ARCHES, { cache: false });
  return JSON.stringify(r.arches);
}

describe('CRLF line endings', () => {
  let lf: string;
  beforeAll(async () => {
    lf = await scanJson(FIXTURE);
  });

  it('a whole CRLF tree scans as the LF tree', async () => {
    const dir = copyTree('all', (rel) => /\.([chsS]|in)$/.test(rel));
    expect(readFileSync(path.join(dir, TABLE_HEADERS[0]), 'latin1')).toContain('\r\n');
    expect(await scanJson(dir)).toBe(lf);
  });

  it('CRLF in just src/internal/syscall.h and bits/syscall.h.in: same scan, same table', async () => {
    const dir = copyTree('two', (rel) => TABLE_HEADERS.includes(rel));
    expect(await scanJson(dir)).toBe(lf);
    const want = await readSyscallTable(await openMuslTree(FIXTURE), 'x86_64');
    const got = await readSyscallTable(await openMuslTree(dir), 'x86_64');
    expect(want.syscalls.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it('apply refuses a CRLF source in one line, exit 2, nothing written', async () => {
    requireFreshBuild();
    const dir = copyTree('apply', (rel) => rel === TABLE_HEADERS[0]);
    const out = path.join(tmp, 'apply-out');
    const r = await runCli(['apply', dir, '--out', out], { env: { MUSL_PATCH_CACHE: path.join(tmp, 'cache') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'musl-patch: src/internal/syscall.h has CRLF line endings, which the rewrite does not write back (convert the tree to LF first, e.g. with dos2unix, or check it out again with git config core.autocrlf false)\n',
    );
    expect(readdirSync(tmp).filter((n) => n.startsWith('apply-out'))).toEqual([]);
  });
});
