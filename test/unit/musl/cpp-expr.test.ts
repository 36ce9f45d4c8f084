import { describe, expect, it } from 'vitest';
import { evaluateCondition, type MacroEnv } from '../../../src/musl/cpp-expr.js';

function env(defs: Record<string, string>, unknown: string[] = []): MacroEnv {
  return {
    isDefined: (n) => (unknown.includes(n) ? null : n in defs),
    valueOf: (n) => defs[n],
  };
}

describe('evaluateCondition', () => {
  it('evaluates defined() forms and boolean operators', () => {
    const e = env({ SYS_open: '2', SYS_newfstatat: '262' });
    expect(evaluateCondition('defined(SYS_newfstatat)', e)).toBe(1);
    expect(evaluateCondition('defined SYS_fstatat64', e)).toBe(0);
    expect(evaluateCondition('!defined(SYS_open) || defined(SYS_x)', e)).toBe(0);
    expect(evaluateCondition('defined(SYS_open) && SYS_open == 2', e)).toBe(1);
  });

  it('expands object-like macros and arithmetic', () => {
    const e = env({ __NR_Linux: '4000', X: '(__NR_Linux + 3)', LONG_BIT: '64' });
    expect(evaluateCondition('X', e)).toBe(4003);
    expect(evaluateCondition('LONG_BIT == 32 ? 1 : 2', e)).toBe(2);
    expect(evaluateCondition('0x40000000 + 12', e)).toBe(0x4000000c);
    expect(evaluateCondition('UNDEFINED_THING', e)).toBe(0);
  });

  it('keeps a condition that depends on an unknown macro undecided, unless the other side settles it', () => {
    const e = env({ A: '1' }, ['MYSTERY']);
    expect(evaluateCondition('defined(MYSTERY)', e)).toBeNull();
    expect(evaluateCondition('defined(MYSTERY) && 0', e)).toBe(0);
    expect(evaluateCondition('defined(MYSTERY) || A', e)).toBe(1);
    expect(evaluateCondition('F(3) > 1', e)).toBeNull();
  });
});
