import { describe, expect, it } from 'vitest';
import { prepareForParse } from '../../../src/scan/prepare.js';
import { extractDirectives } from '../../../src/c/index.js';
import { blankComments } from '../../../src/c/index.js';

describe('same-length text preparation', () => {
  it('blanks comments but not string contents', () => {
    const src = 'a /* x\ny */ b // c\n"/* not */" \'/\'';
    const out = blankComments(src);
    expect(out.length).toBe(src.length);
    expect(out).toBe('a     \n     b     \n"/* not */" \'/\'');
  });

  it('blanks musl idioms tree-sitter cannot parse, keeping directives', () => {
    const src = '#define hidden __attribute__((x))\nhidden int f(double complex z);\nregister long x8 __asm__("x8") = n;\n#ifdef __cplusplus\nextern "C" {\n#endif\n';
    const dirs = new Set(extractDirectives(src, 't.c').flatMap((d) => [d.line]));
    const out = prepareForParse(src, dirs);
    expect(out.length).toBe(src.length);
    expect(out.split('\n')).toEqual([
      '#define hidden __attribute__((x))',
      '       int f(double         z);',
      'register long x8               = n;',
      '#ifdef __cplusplus',
      '            ',
      '#endif',
      '',
    ]);
  });

  it('extracts directives with continuations and macro parameters', () => {
    const d = extractDirectives('#define F(a, ...) g(a, \\\n  __VA_ARGS__)\n#include "x.h"\n#  if A\n', 'f.h');
    expect(d.map((x) => [x.kind, x.line, x.endLine])).toEqual([['define', 1, 2], ['include', 3, 3], ['if', 4, 4]]);
    expect(d[0].macro).toMatchObject({ name: 'F', params: ['a', '__VA_ARGS__'], body: 'g(a,    __VA_ARGS__)' });
    expect(d[1].include).toEqual({ path: 'x.h', system: false });
  });
});
