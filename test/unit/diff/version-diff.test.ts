import { describe, expect, it } from 'vitest';
import { diffArch } from '../../../src/diff/version-diff.js';
import { diffText } from '../../../src/diff/format.js';
import type { SyscallSite } from '../../../src/model/index.js';

function site(over: Partial<SyscallSite>): SyscallSite {
  return {
    arch: 'x86_64', kind: 'constant', file: 'src/stat/fchmodat.c', line: 10, column: 2, function: 'fchmodat',
    callee: '__syscall', token: 'SYS_fchmodat', backendSymbol: 'syscall_SYS_fchmodat', resolved: { name: 'fchmodat', number: 268 },
    argCount: 3, cancellable: false, conditional: false, viaMacro: null, objectSymbols: ['fchmodat'], ...over,
  };
}

describe('diffArch', () => {
  const before = [site({}), site({ file: 'src/unistd/close.c', function: 'close', token: 'SYS_close', backendSymbol: 'syscall_SYS_close', argCount: 1 })];
  const after = [
    // Same site, moved down by 7 lines: not a change.
    site({ line: 17 }),
    // A new site in the same function.
    site({ line: 12, token: 'SYS_fchmodat2', backendSymbol: 'syscall_SYS_fchmodat2', argCount: 4, resolved: { name: 'fchmodat2', number: 452 } }),
    // close() now passes another argument count.
    site({ file: 'src/unistd/close.c', function: 'close', token: 'SYS_close', backendSymbol: 'syscall_SYS_close', argCount: 2 }),
  ];

  it('matches sites by function, not line, and reports symbols and site changes', () => {
    const d = diffArch('x86_64', before, after, (s) => s === 'syscall_SYS_close');
    expect(d.newlyNeeded).toEqual(['syscall_SYS_fchmodat2']);
    expect(d.noLongerNeeded).toEqual([]);
    expect(d.added.map((s) => s.token)).toEqual(['SYS_fchmodat2']);
    expect(d.removed).toEqual([]);
    expect(d.changed).toHaveLength(1);
    expect(d.changed[0].changes).toEqual(['argument count 1 → 2']);
    expect(d.backendLacks).toEqual(['syscall_SYS_fchmodat2']);
  });

  it('reports removed sites and symbols no longer needed', () => {
    const d = diffArch('x86_64', after, before);
    expect(d.noLongerNeeded).toEqual(['syscall_SYS_fchmodat2']);
    expect(d.removed.map((s) => `${s.file}:${s.line}`)).toEqual(['src/stat/fchmodat.c:12']);
    expect(d.backendLacks).toBeNull();
    const text = diffText({ from: '1.2.5', to: '1.2.3', arches: [d], stalePatches: [{ patch: '0002-x.patch', reason: 'hunk 1 of src/a.c fails' }] });
    expect(text).toContain('no longer needed (1): syscall_SYS_fchmodat2');
    expect(text).toContain('    - src/stat/fchmodat.c:12 fchmodat()  syscall_SYS_fchmodat2');
    expect(text).toContain('0002-x.patch: hunk 1 of src/a.c fails');
  });
});
