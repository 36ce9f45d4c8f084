import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/util/errors.js';
import { loadArchModel } from '../../../src/musl/arch-model.js';
import { openMuslTree } from '../../../src/source/index.js';
import { scan, scanArch } from '../../../src/scan/index.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/musl-mini', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'scan-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function userError(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  const u = err as UserError;
  expect(u.line()).not.toContain('\n');
  return u;
}

describe('bad input is one clear line', () => {
  it('an arch musl does not have', async () => {
    const tree = await openMuslTree(FIXTURE);
    const e = await userError(scan(tree, ['sparc'], { cache: false }));
    expect(e.message).toContain("no arch 'sparc'");
    expect(e.hint).toContain('x86_64');
  });

  it('an unreadable source file', async () => {
    const dir = join(tmp, 'tree');
    cpSync(FIXTURE, dir, { recursive: true });
    const tree = await openMuslTree(dir);
    const model = await loadArchModel(tree, 'x86_64');
    // A symlink loop cannot be read even by root (chmod 000 can).
    symlinkSync('loop.c', join(dir, 'src/unistd/loop.c'));
    const e = await userError(scanArch({ ...model, sources: [...model.sources, 'src/unistd/loop.c'] }));
    expect(e.message).toMatch(/cannot read .*src\/unistd\/loop\.c \(ELOOP\)/);
  });

  it('a source the model lists but the tree lacks', async () => {
    const tree = await openMuslTree(FIXTURE);
    const model = await loadArchModel(tree, 'x86_64');
    const e = await userError(scanArch({ ...model, sources: [...model.sources, 'src/unistd/missing.c'] }));
    expect(e.message).toContain('src/unistd/missing.c');
  });
});
