import { describe, expect, it } from 'vitest';
import type { SyscallSite } from '../../../src/model/index.js';
import { formatText, groupSites, toJson } from '../../../src/scan/report.js';
import { scanJsonSchema, validateScanJson } from '../../../src/scan/schema.js';

const base: SyscallSite = {
  arch: 'x86_64', kind: 'constant', file: 'src/unistd/read.c', line: 6, column: 9, function: 'read', callee: 'syscall_cp',
  token: 'SYS_read', backendSymbol: 'syscall_SYS_read', resolved: { name: 'read', number: 0 }, argCount: 3,
  cancellable: true, conditional: false, viaMacro: null, objectSymbols: ['read'],
};
const sites: SyscallSite[] = [
  base,
  { ...base, file: 'src/unistd/pread.c', function: 'pread', token: 'SYS_pread', backendSymbol: 'syscall_SYS_pread', resolved: { name: 'pread64', number: 17 }, argCount: 4, objectSymbols: ['pread', 'pread64'] },
  { ...base, line: 9, token: 'SYS_read', conditional: true },
  { ...base, kind: 'trap', file: 'src/thread/x86_64/clone.s', line: 10, column: 2, function: '__clone', callee: 'syscall', token: null, backendSymbol: null, resolved: null, argCount: null, cancellable: false, objectSymbols: [] },
];

describe('scan reporters', () => {
  it('writes JSON that the schema accepts, with counts and trap files', () => {
    const json = toJson('1.2.5', [{ arch: 'x86_64', sites }], 'syscall');
    expect(scanJsonSchema.safeParse(JSON.parse(JSON.stringify(json))).success).toBe(true);
    expect(json.arches[0].counts).toEqual({ total: 4, constant: 3, socketcall: 0, wrapper: 0, dynamic: 0, trap: 1, conditional: 1, backendSymbols: 2 });
    expect(json.arches[0].trapFiles).toEqual([{ file: 'src/thread/x86_64/clone.s', count: 1 }]);
    expect(json.arches[0].backendSymbols).toEqual([{ name: 'syscall_SYS_pread', arity: 4, sites: 1 }, { name: 'syscall_SYS_read', arity: 3, sites: 2 }]);
    expect(json.arches[0].groups?.map((g) => g.key)).toEqual(['syscall_SYS_pread', 'syscall_SYS_read', 'trap: syscall']);
  });

  it('validation refuses what the schema rejects', () => {
    expect(() => validateScanJson(toJson('1.2.5', [{ arch: 'x86_64', sites: [{ ...base, line: 0 }] }]))).toThrow();
  });

  it('groups by enclosing function with the object symbols as detail', () => {
    const g = groupSites(sites, 'function');
    expect(g.map((x) => [x.key, x.detail, x.sites.length])).toEqual([
      ['src/thread/x86_64/clone.s: __clone', null, 1],
      ['src/unistd/pread.c: pread', 'pread pread64', 1],
      ['src/unistd/read.c: read', 'read', 2],
    ]);
  });

  it('summarises each arch in text', () => {
    const text = formatText('1.2.5', [{ arch: 'x86_64', sites }]);
    expect(text).toBe(
      'musl 1.2.5 x86_64: 4 syscall sites, 2 backend symbols\n' +
        '  3 constant, 0 socketcall, 0 wrapper, 0 dynamic, 1 trap; 1 conditional (undecidable #if or sizeof)\n' +
        '  files with traps: src/thread/x86_64/clone.s (1)\n',
    );
    expect(formatText('1.2.5', [{ arch: 'x86_64', sites }], 'site')).toContain('src/unistd/read.c:9:9  constant   syscall_cp(SYS_read, +3) → syscall_SYS_read [read #0]  in read  (conditional)');
  });
});
