import { describe, expect, it } from 'vitest';
import { mapEnv } from '../../../src/c/index.js';
import { expandTokens } from '../../../src/c/index.js';
import { lex, spell } from '../../../src/c/index.js';

// musl's dispatch macros (src/internal/syscall.h), verbatim.
const env = mapEnv({
  '__SYSCALL_NARGS_X(a,b,c,d,e,f,g,h,n,...)': 'n',
  '__SYSCALL_NARGS(...)': '__SYSCALL_NARGS_X(__VA_ARGS__,7,6,5,4,3,2,1,0,)',
  '__SYSCALL_CONCAT_X(a,b)': 'a##b',
  '__SYSCALL_CONCAT(a,b)': '__SYSCALL_CONCAT_X(a,b)',
  '__SYSCALL_DISP(b,...)': '__SYSCALL_CONCAT(b,__SYSCALL_NARGS(__VA_ARGS__))(__VA_ARGS__)',
  '__sys_open(...)': '__SYSCALL_DISP(__sys_open,,__VA_ARGS__)',
  '__sys_open3(x,pn,fl,mo)': '__syscall3(SYS_open, pn, (fl)|O_LARGEFILE, mo)',
  'STR(x)': '#x',
  'SELF': 'SELF + 1',
});
const expand = (text: string, stop?: (n: string) => boolean) => spell(expandTokens(lex(text), env, stop));

describe('macro expansion', () => {
  it('follows __SYSCALL_DISP through token pasting and argument counting', () => {
    expect(expand('__sys_open(name, flags, mode)', (n) => n === '__syscall3')).toBe('__syscall3(SYS_open, name, (flags)|O_LARGEFILE, mode)');
  });

  it('stringizes and stops self-reference', () => {
    expect(expand('STR(a + b)')).toBe('"a + b"');
    expect(expand('SELF')).toBe('SELF + 1');
  });

  it('records the macro a token was written in', () => {
    const out = expandTokens(lex('__sys_open3(0, p, f, m)'), env, (n) => n === '__syscall3');
    expect(out[0].text).toBe('__syscall3');
    expect(out[0].origin?.name).toBe('__sys_open3');
    expect(out.find((t) => t.text === 'p')?.origin).toBeUndefined();
  });
});
