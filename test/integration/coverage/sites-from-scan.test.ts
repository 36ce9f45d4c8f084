// `coverage --sites` takes exactly the file `scan --json -o` writes, as the help says, and what it
// computes from the sites alone (which symbols are needed, their status, the sites reaching them) is
// what it computes by scanning the tree. Arity and ABI checks read musl's headers, which a sites
// file does not carry: those are compared only with the tree.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { REPO, requireFreshBuild, runCli } from '../../helpers/cli.js';

const backend = path.join(REPO, 'fixtures', 'backend-includeos');
let dir: string;

beforeAll(async () => {
  requireFreshBuild();
  dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-sites-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

test('scan --json -o s.json, then coverage 1.2.5 --sites s.json: the same needed symbols, statuses and sites as coverage on the tree', async () => {
  const sites = path.join(dir, 's.json');
  const scan = await runCli(['scan', '1.2.5', '--arch', 'x86_64,i386', '--json', '-o', sites], { timeoutMs: 300_000 });
  expect(scan.code, scan.stderr).toBe(0);
  const fromFile = await runCli(['coverage', '1.2.5', '--sites', sites, '--arch', 'x86_64,i386', '--backend', backend, '--format', 'json', '--fail-on', 'none']);
  expect(fromFile.code, fromFile.stderr).toBe(0);
  const fromTree = await runCli(['coverage', '1.2.5', '--arch', 'x86_64,i386', '--backend', backend, '--format', 'json', '--fail-on', 'none'], { timeoutMs: 300_000 });
  expect(fromTree.code, fromTree.stderr).toBe(0);
  const a = JSON.parse(fromFile.stdout);
  const b = JSON.parse(fromTree.stdout);
  expect(a.arches.map((x: { arch: string }) => x.arch)).toEqual(['x86_64', 'i386']);
  expect(a.arches[0].totals.needed).toBeGreaterThan(100);
  type Entry = { symbol: string; status: string; neededArity: number | null; sites: unknown };
  type Arch = { arch: string; totals: Record<string, number>; entries: Entry[] };
  const fromSites = (doc: { arches: Arch[] }) =>
    doc.arches.map((x) => ({
      arch: x.arch,
      totals: [x.totals.needed, x.totals.implemented, x.totals.stub, x.totals.missing],
      entries: x.entries.map((e) => [e.symbol, e.status, e.neededArity, e.sites]),
    }));
  expect(fromSites(a)).toEqual(fromSites(b));
  expect(JSON.parse(await readFile(sites, 'utf8')).tool).toBe('musl-patch scan');
});

test('a sites file whose document holds something else is refused in one line, exit 2', async () => {
  const bad = path.join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ tool: 'musl-patch scan', arches: [{ arch: 'x86_64', sites: [{ arch: 'x86_64' }] }] }));
  const run = await runCli(['coverage', '1.2.5', '--sites', bad, '--backend', backend]);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/sites file '.*bad\.json' does not hold syscall sites \(0\.kind: /);
});
