// Issue 21 item 9: `syscall_SYS_read` defined twice (3 and 1 parameters) gave coverage "ok" and
// `--fail-on arity` exit 0; such a backend does not link. Now a `duplicate` finding of its own:
// in every format, and `--fail-on duplicate` fails. A weak fallback beside a strong one is no duplicate.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFreshBuild, runCli } from '../../helpers/cli.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'duplicates-'));
const env = { MUSL_PATCH_CACHE: path.join(tmp, 'cache') };
beforeAll(requireFreshBuild);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function backend(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const coverage = (dir: string, ...more: string[]) => runCli(['coverage', path.join(REPO, 'fixtures/musl-mini'), '--arch', 'x86_64', '--backend', '.', ...more], { env, cwd: dir });

describe('duplicate backend definitions', () => {
  it('two strong definitions of syscall_SYS_read: a duplicate finding, --fail-on duplicate exits 1', async () => {
    const dir = backend('twice', {
      'read.c': 'long syscall_SYS_read(long fd, long buf, long n) { return 0; }\n',
      'read_old.c': 'long syscall_SYS_read(long fd) { return 0; }\n',
    });
    const json = await coverage(dir, '--format', 'json', '--fail-on', 'none');
    expect(json.code, json.stderr).toBe(0);
    const read = JSON.parse(json.stdout).arches[0].entries.find((e: { symbol: string }) => e.symbol === 'syscall_SYS_read');
    expect(read.definition).toMatchObject({ file: 'read.c', line: 1 });
    expect(read.duplicates).toMatchObject([{ file: 'read_old.c', line: 1 }]);

    const gate = await coverage(dir, '--fail-on', 'duplicate');
    expect(gate.code).toBe(1);
    expect(gate.stderr).toContain('x86_64: 1 duplicate');

    const gh = await coverage(dir, '--format', 'github', '--fail-on', 'duplicate');
    expect(gh.stdout).toContain('syscall_SYS_read is defined 2 times (also at read_old.c:1)');
    const sarif = JSON.parse((await coverage(dir, '--format', 'sarif', '--fail-on', 'none')).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('duplicate');
  });

  it('a weak fallback beside a strong definition is not a duplicate', async () => {
    const dir = backend('weak', {
      'read.c': 'long syscall_SYS_read(long fd, long buf, long n) { return 0; }\n',
      'fallback.c': '__attribute__((weak)) long syscall_SYS_read(long fd, long buf, long n) { return -38; }\n',
    });
    const r = await coverage(dir, '--fail-on', 'duplicate');
    expect(r.code, r.stderr).toBe(0);
  });
});
