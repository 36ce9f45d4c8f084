// `coverage --app` refuses what it cannot check in one line, exit 2, before any build: a file that
// is not a compiled program, --app with --from-json, and a baseline of the other kind of report.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { formatJson } from '../../../src/report/schema.js';
import { runInProcess } from '../../helpers/cli.js';
import { sampleReport } from '../report/sample-report.js';
import { sampleAppReport } from '../report/sample-app.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MUSL = path.join(REPO, 'fixtures', 'musl-mini');
const BACKEND = path.join(REPO, 'fixtures', 'backend-includeos');
const tmp = mkdtempSync(path.join(tmpdir(), 'app-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const refused = async (args: string[], what: RegExp) => {
  const r = await runInProcess(['coverage', ...args]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(what);
};

describe('coverage --app refusals', () => {
  test('a source file, an empty file, a thin archive: not a compiled program', async () => {
    const source = path.join(tmp, 'main.c');
    writeFileSync(source, 'int main(void) { return 0; }\n');
    await refused([MUSL, '--backend', BACKEND, '--app', source], /main\.c is not an ELF object, static archive or executable \(pass the compiled program/);
    const thin = path.join(tmp, 'thin.a');
    writeFileSync(thin, '!<thin>\n');
    await refused([MUSL, '--backend', BACKEND, '--app', thin], /thin\.a is a thin archive/);
  });

  test('--app with --from-json, and a baseline of the other kind', async () => {
    const whole = path.join(tmp, 'whole.json');
    const app = path.join(tmp, 'app.json');
    writeFileSync(whole, formatJson({ report: sampleReport(), warnings: [] }));
    writeFileSync(app, formatJson({ report: sampleAppReport(), warnings: [] }));
    await refused(['1.2.5', '--backend', BACKEND, '--app', app, '--from-json', app], /--app computes a report, --from-json formats an earlier one/);
    await refused(['1.2.5', '--backend', BACKEND, '--app', app, '--baseline', whole], /whole\.json is a report of the whole libc, and this one is of a program \(--app\)/);
    await refused(['1.2.5', '--from-json', app, '--baseline', whole], /whole\.json is a report of the whole libc, and this one is of a program/);
    await refused(['1.2.5', '--from-json', whole, '--baseline', app], /app\.json is a report of a program \(--app\), and this one is of the whole libc/);
  });
});
