// The ABI check on hand-written sites: what musl does at each (from the scanner's facts) against
// what a definition declares, with the C data models of LP64 (x86_64, aarch64) and ILP32 (i386).
import { describe, expect, test } from 'vitest';
import { checkAbi } from '../../../src/backend/abi.js';
import { typeSizer } from '../../../src/backend/type-sizes.js';
import type { SiteArgument, SiteResult } from '../../../src/model/index.js';
import { site } from './sites.js';

// musl's typedefs as a backend sees them (without a tree: given as the backend's own).
const TYPES = [
  { name: 'size_t', type: 'unsigned long' },
  { name: 'ssize_t', type: 'long' },
  { name: 'off_t', type: 'long long' },
  { name: 'mode_t', type: 'unsigned' },
];
const lp64 = typeSizer('x86_64', null, TYPES);
const ilp32 = typeSizer('i386', null, TYPES);
const arg = (type: string | null, half = false): SiteArgument => ({ type, half });
const at = (result: SiteResult, args: SiteArgument[] = [], fn = 'f') => site('x86_64', 'syscall_SYS_x', args.length, { result, args, function: fn, file: `src/x/${fn}.c` });

describe('return types', () => {
  const full = at({ read: 'full', type: 'ssize_t' }, [], 'read');
  const narrowInt = at({ read: 'narrow', type: 'int' }, [], 'close');
  const discarded = at({ read: 'none', type: null }, [], '_Exit');

  test('int where musl reads a long is a finding on LP64, not on ILP32', () => {
    const def = { name: 'syscall_SYS_read', returns: 'int', params: null };
    const verdict = checkAbi(def, [full], lp64);
    expect(verdict.findings.map((f) => [f.kind, f.declared, f.expected, f.site?.file])).toEqual([['return', 'int', 'long', 'src/x/read.c']]);
    expect(verdict.findings[0].message).toBe('returns int; musl reads a long (8 bytes): a negative errno arrives zero-extended at src/x/read.c:10 (read)');
    expect(checkAbi(def, [full], ilp32).findings).toEqual([]);
  });

  test('int is fine where every site stores it in an int or discards it; long is fine everywhere', () => {
    expect(checkAbi({ name: 'x', returns: 'int', params: null }, [narrowInt, discarded], lp64).findings).toEqual([]);
    expect(checkAbi({ name: 'x', returns: 'long', params: null }, [full, narrowInt], lp64).findings).toEqual([]);
    expect(checkAbi({ name: 'x', returns: 'off_t', params: null }, [full], ilp32).findings).toEqual([]); // wider: the low half is where musl reads
  });

  test('an unsigned result musl itself returns unsigned (umask) is fine; the same read as ssize_t is not', () => {
    const umask = at({ read: 'full', type: 'mode_t' }, [], 'umask');
    expect(checkAbi({ name: 'x', returns: 'mode_t', params: null }, [umask], lp64).findings).toEqual([]);
    expect(checkAbi({ name: 'x', returns: 'mode_t', params: null }, [full], lp64).findings).toHaveLength(1);
    expect(checkAbi({ name: 'x', returns: 'int', params: null }, [umask], lp64).findings).toHaveLength(1); // signed: not musl's own type
  });

  test('void is fine where musl discards the result, a finding where it reads it', () => {
    expect(checkAbi({ name: 'x', returns: 'void', params: null }, [discarded], lp64).findings).toEqual([]);
    expect(checkAbi({ name: 'x', returns: 'void', params: null }, [discarded, narrowInt], ilp32).findings.map((f) => f.message)).toEqual([
      'returns void; musl reads the result at src/x/close.c:10 (close)',
    ]);
  });

  test('a type nothing defines is unknown, not guessed', () => {
    const verdict = checkAbi({ name: 'x', returns: '__kernel_long_t', params: ['__kernel_size_t', 'int'] }, [full], lp64);
    expect(verdict).toEqual({ findings: [], unknown: ['__kernel_long_t', '__kernel_size_t'] });
  });
});

describe('parameters', () => {
  const madvise = at({ read: 'full', type: 'int' }, [arg('void *'), arg('size_t'), arg('int')], '__madvise');
  const ftruncate32 = site('i386', 'syscall_SYS_ftruncate', 3, {
    result: { read: 'full', type: 'int' },
    args: [arg('int'), arg('long', true), arg('long', true)],
    function: 'ftruncate',
    file: 'src/unistd/ftruncate.c',
  });

  test('narrower than what musl passes on LP64; a pointer or long parameter for an int is fine', () => {
    const verdict = checkAbi({ name: 'syscall_SYS_madvise', returns: 'long', params: ['void*', 'int', 'int'] }, [madvise], lp64);
    expect(verdict.findings.map((f) => [f.position, f.declared, f.expected])).toEqual([[2, 'int', 'size_t']]);
    expect(checkAbi({ name: 'x', returns: 'long', params: ['void*', 'size_t', 'long'] }, [madvise], lp64).findings).toEqual([]);
    // On ILP32 size_t is 4 bytes: int loses nothing.
    expect(checkAbi({ name: 'x', returns: 'long', params: ['void*', 'int', 'int'] }, [madvise], ilp32).findings).toEqual([]);
  });

  test('a 64-bit parameter on ILP32 takes two slots; where musl passes halves the message says so', () => {
    const verdict = checkAbi({ name: 'syscall_SYS_ftruncate', returns: 'long', params: ['int', 'off_t'] }, [ftruncate32], ilp32);
    expect(verdict.findings.map((f) => f.message)).toEqual([
      "parameter 2 is off_t (8 bytes): it takes two of musl's 32-bit argument slots; musl passes the two halves of a 64-bit value there as separate arguments (src/unistd/ftruncate.c:10 (ftruncate))",
    ]);
    expect(checkAbi({ name: 'x', returns: 'long', params: ['int', 'long', 'long'] }, [ftruncate32], ilp32).findings).toEqual([]);
  });

  test('a value wider than a slot is musl cutting it itself (i386 _llseek), not a finding', () => {
    const llseek = site('i386', 'syscall_SYS__llseek', 5, { result: { read: 'full', type: null }, args: [arg('int'), arg(null), arg('off_t'), arg('void *'), arg('int')] });
    expect(checkAbi({ name: 'x', returns: 'long', params: ['unsigned int', 'unsigned long', 'unsigned long', 'off_t*', 'unsigned int'] }, [llseek], ilp32).findings).toEqual([]);
  });

  test('the run-time-number function is checked after its number', () => {
    const dynamic = at({ read: 'full', type: 'long' }, [arg('long'), arg('size_t')]);
    const verdict = checkAbi({ name: 'syscall_n', returns: 'long', params: ['long', 'int', 'int'] }, [dynamic], lp64, { numberFirst: true });
    expect(verdict.findings.map((f) => [f.position, f.declared, f.expected])).toEqual([
      [2, 'int', 'long'],
      [3, 'int', 'size_t'],
    ]);
  });

  test('std:: names, references and C++ bool are sized', () => {
    const s = typeSizer('x86_64', null, TYPES);
    expect([s.size('std::size_t'), s.size('const stack_t*'), s.size('int&'), s.size('bool'), s.size('void')]).toEqual([8, 8, 8, 1, null]);
    expect([s.unsigned('std::size_t'), s.unsigned('int'), s.unsigned('char*')]).toEqual([true, false, false]);
  });
});
