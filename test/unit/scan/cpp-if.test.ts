import { describe, expect, it } from 'vitest';
import { evaluateIf, mapEnv } from '../../../src/scan/cpp-if.js';

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
