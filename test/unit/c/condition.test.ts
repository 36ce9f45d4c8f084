import { describe, expect, it } from 'vitest';
import { evaluateIf, mapEnv, type Definedness } from '../../../src/c/index.js';

describe('#if evaluation with three outcomes', () => {
  const env = mapEnv({ SYS_open: '2', __x86_64__: '1', __LP64__: '1', LONG_MAX: '0x7fffffffffffffffL', 'ID(x)': 'x' }, ['__PIC__']);

  it('decides defined() on known and unknown names', () => {
    expect(evaluateIf('defined(SYS_open)', env)).toBe(1n);
    expect(evaluateIf('defined SYS_openat', env)).toBe(0n);
    expect(evaluateIf('defined(__PIC__)', env)).toBeNull();
  });

  it('keeps && and || decidable when the known side decides', () => {
    expect(evaluateIf('!defined(__PIC__) || defined(__x86_64__)', env)).toBe(1n);
    expect(evaluateIf('defined(__PIC__) && defined(__aarch64__)', env)).toBe(0n);
    expect(evaluateIf('defined(__PIC__) && defined(__x86_64__)', env)).toBeNull();
  });

  it('computes arithmetic on macro values with 64-bit range', () => {
    expect(evaluateIf('LONG_MAX == 0x7fffffffffffffff', env)).toBe(1n);
    expect(evaluateIf('(2UL*LONG_MAX+1) > 0xffffffff', env)).toBe(1n);
    expect(evaluateIf('ID(3) + 4 * 2 == 11', env)).toBe(1n);
    expect(evaluateIf('1 ? 5 : 6', env)).toBe(5n);
    expect(evaluateIf('010 == 8', env)).toBe(1n);
  });

  it('treats undefined identifiers as 0 and undecidable ones as unknown', () => {
    expect(evaluateIf('SOMETHING_UNDEFINED', env)).toBe(0n);
    expect(evaluateIf('__PIC__ + 1', env)).toBeNull();
  });

  it('returns unknown rather than throwing on malformed input', () => {
    expect(evaluateIf('1 +', env)).toBeNull();
    expect(evaluateIf('(1', env)).toBeNull();
  });
});

// The cases where the three evaluators this one replaced answered differently (or wrongly).
describe('#if arithmetic follows C: intmax_t / uintmax_t', () => {
  const env = mapEnv({ X: '1', Z: '0', __NR_Linux: '4000', NR: '(__NR_Linux + 3)' }, ['MYSTERY']);

  it('reads octal literals as octal', () => {
    expect(evaluateIf('010 == 8', env)).toBe(1n);
    expect(evaluateIf('010', env)).toBe(8n);
  });

  it('computes in 64 bits, so 1 << 31 is positive and 1 << 63 wraps negative', () => {
    expect(evaluateIf('(1 << 31) > 0', env)).toBe(1n);
    expect(evaluateIf('(1 << 63) < 0', env)).toBe(1n);
    expect(evaluateIf('0x7fffffffffffffff + 1 < 0', env)).toBe(1n);
  });

  it('converts to unsigned when either operand is unsigned', () => {
    expect(evaluateIf('-1 < 0u', env)).toBe(0n);
    expect(evaluateIf('-1 < 0', env)).toBe(1n);
    expect(evaluateIf('-1 > 0xffffffffffffffff', env)).toBe(0n); // too large for intmax_t: unsigned
    expect(evaluateIf('-1 == 0xffffffffffffffff', env)).toBe(1n);
    expect(evaluateIf('(0u - 1) >> 63', env)).toBe(1n);
    expect(evaluateIf('(0 - 1) >> 63', env)).toBe(-1n);
    expect(evaluateIf('1 ? -1 : 0u', env)).toBe((1n << 64n) - 1n);
  });

  it('decides defined before expansion and expands what is left', () => {
    expect(evaluateIf('defined X && X', env)).toBe(1n);
    expect(evaluateIf('defined Z && Z', env)).toBe(0n);
    expect(evaluateIf('defined Y && Y', env)).toBe(0n);
    expect(evaluateIf('defined(MYSTERY) && MYSTERY', env)).toBeNull();
    expect(evaluateIf('defined(MYSTERY) && 0', env)).toBe(0n);
    expect(evaluateIf('defined(MYSTERY) || X', env)).toBe(1n);
    expect(evaluateIf('NR', env)).toBe(4003n);
    expect(evaluateIf('F(3) > 1', env)).toBeNull();
  });

  it('asks the environment about __has_include, unknown when it cannot say', () => {
    expect(evaluateIf('__has_include(<stdio.h>)', env)).toBeNull();
    const withIncludes = { ...env, hasInclude: (path: string, system: boolean): Definedness => (system && path === 'stdio.h' ? 'yes' : 'no') };
    expect(evaluateIf('__has_include(<stdio.h>)', withIncludes)).toBe(1n);
    expect(evaluateIf('__has_include("stdio.h")', withIncludes)).toBe(0n);
    expect(evaluateIf('defined(__has_include) && __has_include(<sys/x.h>) || X', withIncludes)).toBe(1n);
  });

  it('keeps division by zero and out-of-range shifts unknown', () => {
    expect(evaluateIf('1 / 0', env)).toBeNull();
    expect(evaluateIf('1 << 64', env)).toBeNull();
  });
});
