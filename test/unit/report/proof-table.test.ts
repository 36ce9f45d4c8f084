import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderProofTable } from '../../integration/proof-table.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'musl-patch-proof-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderProofTable', () => {
  it('merges the rows each suite recorded, says "not run" for the rest and names nm differences', () => {
    const file = path.join(dir, 'rows.jsonl');
    writeFileSync(
      file,
      [
        { version: '1.2.3', arch: 'x86_64', traps: 0, nmMissing: 1, nmUnexpected: 0, nmDifferences: ['syscall_SYS_statx predicted, not referenced'], duplicates: 0, backendSymbols: 270 },
        { version: '1.2.3', arch: 'x86_64', e2eMatch: 70, e2eTotal: 70 },
        { version: '1.2.3', arch: 'x86_64', bootMatch: 10, bootTotal: 10 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    expect(renderProofTable(file, ['1.2.3'], ['x86_64', 'i386'])!.split('\n')).toEqual([
      '',
      'Proof per version × arch (patched musl)',
      'version  arch    traps    nm missing/unexpected  duplicates  backend symbols  e2e match  ring-0 boot',
      '1.2.3    x86_64  0        1/0                    0           270              70/70      10/10',
      '1.2.3    i386    not run  not run                not run     not run          not run    n/a',
      '  nm differences 1.2.3 x86_64: syscall_SYS_statx predicted, not referenced',
    ]);
  });
  it('is null when nothing was recorded', () => {
    expect(renderProofTable(path.join(dir, 'absent.jsonl'), ['1.2.5'], ['x86_64'])).toBeNull();
  });
});

describe('renderProofTable with kernel-profile rows', () => {
  it("puts a profile's rows after its version's default rows", () => {
    const file = path.join(dir, 'profiles.jsonl');
    writeFileSync(
      file,
      [
        { version: '1.2.5', arch: 'x86_64', traps: 0, nmMissing: 0, nmUnexpected: 0, duplicates: 0, backendSymbols: 274 },
        { version: '1.2.5', arch: 'x86_64', profile: 'oldmalloc', traps: 0, nmMissing: 0, nmUnexpected: 0, duplicates: 0, backendSymbols: 274 },
        { version: '1.2.5', arch: 'x86_64', profile: 'oldmalloc', e2eMatch: 69, e2eTotal: 69 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    expect(renderProofTable(file, ['1.2.5'], ['x86_64'])!.split('\n').slice(2)).toEqual([
      'version            arch    traps  nm missing/unexpected  duplicates  backend symbols  e2e match  ring-0 boot',
      '1.2.5              x86_64  0      0/0                    0           274              not run    not run',
      '1.2.5 (oldmalloc)  x86_64  0      0/0                    0           274              69/69      not run',
    ]);
  });
});
