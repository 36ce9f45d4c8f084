import { describe, expect, it } from 'vitest';
import { RewriteMismatch, lineOf, replaceOnce, splitArgs } from '../../../src/rewrite/text.js';

describe('splitArgs', () => {
  it('splits like the preprocessor: parentheses nest, braces do not', () => {
    const text = 'f(a, g(b, c), (long[2]){d, e})';
    expect(splitArgs(text, 1)).toEqual({ args: ['a', 'g(b, c)', '(long[2]){d', 'e}'], end: text.length });
  });
  it('skips commas and parentheses inside literals and comments', () => {
    const text = `f("a,(b", ',', /* x, ( */ c) tail`;
    const { args, end } = splitArgs(text, 1);
    expect(args).toEqual(['"a,(b"', "','", '/* x, ( */ c']);
    expect(text.slice(end)).toBe(' tail');
  });
  it('tells no arguments from one empty argument', () => {
    expect(splitArgs('f()', 1).args).toEqual([]);
    expect(splitArgs('f(a,)', 1).args).toEqual(['a', '']);
  });
});

describe('replaceOnce', () => {
  it('replaces the single occurrence', () => {
    expect(replaceOnce('x.c', 'a b c', 'b', 'B')).toBe('a B c');
  });
  it('throws on zero or several occurrences', () => {
    expect(() => replaceOnce('x.c', 'a b c', 'z', 'Z')).toThrow(RewriteMismatch);
    expect(() => replaceOnce('x.c', 'b b', 'b', 'B')).toThrow(/more than once/);
  });
});

describe('lineOf', () => {
  it('counts lines from 1', () => {
    expect(lineOf('a\nb\nc', 0)).toBe(1);
    expect(lineOf('a\nb\nc', 4)).toBe(3);
  });
});
