import { describe, expect, it } from 'vitest';
import { rewriteDynamicSites } from '../../../src/rewrite/dynamic.js';
import { rewritePthreadCancel, rewriteSyscallCp } from '../../../src/rewrite/cancel.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';

describe('rewriteDynamicSites', () => {
  it('turns a run-time number into syscall_n with six arguments, number first', () => {
    const src = 'static void f(struct ctx *c)\n{\n\tint ret = __syscall(c->nr, c->id, c->eid, c->sid);\n}\n';
    const { text, sites } = rewriteDynamicSites('src/unistd/setxid.c', src);
    expect(text).toContain('int ret = syscall_n(c->nr, c->id, c->eid, c->sid, 0, 0, 0);');
    expect(sites).toEqual([{ file: 'src/unistd/setxid.c', line: 3, callee: '__syscall', number: 'c->nr', args: ['c->id', 'c->eid', 'c->sid'] }]);
  });

  it('keeps __syscall_ret around a public-style syscall() and leaves constant sites and declarations', () => {
    const src = [
      '#undef syscall',
      'long syscall(long n, ...)',
      '{',
      '\treturn __syscall_ret(__syscall(n,a,b,c,d,e,f));',
      '}',
      'int g(void) { return syscall(nr, 1) + __syscall(SYS_getpid); }',
    ].join('\n');
    const { text, sites } = rewriteDynamicSites('x.c', src);
    expect(text).toContain('long syscall(long n, ...)');
    expect(text).toContain('return __syscall_ret(syscall_n(n, a, b, c, d, e, f));');
    expect(text).toContain('return __syscall_ret(syscall_n(nr, 1, 0, 0, 0, 0, 0)) + __syscall(SYS_getpid);');
    expect(sites.map((s) => s.line)).toEqual([4, 6]);
  });

  it('ignores macro definitions and uses the configured name', () => {
    const src = '#define brk(p) __syscall(x, p)\nvoid h(void) { __syscall2(k, 1, 2); }\n';
    const { text } = rewriteDynamicSites('y.c', src, { ...DEFAULT_NAMING, dynamic: 'kernel_syscall' });
    expect(text).toBe('#define brk(p) __syscall(x, p)\nvoid h(void) { kernel_syscall(k, 1, 2, 0, 0, 0, 0); }\n');
  });

  it('refuses a cancellable call with a run-time number', () => {
    expect(() => rewriteDynamicSites('z.c', 'void f(void) { __syscall_cp(n, 1); }')).toThrow(/cancellable/);
  });
});

describe('cancellation chain', () => {
  it('makes __syscall_cp.c carry and call the backend function', () => {
    const src = [
      'static long sccp(syscall_arg_t nr,',
      '                 syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,',
      '                 syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)',
      '{',
      '\treturn __syscall(nr, u, v, w, x, y, z);',
      '}',
      'long (__syscall_cp)(syscall_arg_t nr,',
    ].join('\n');
    const out = rewriteSyscallCp(src);
    expect(out).toContain('static long sccp(__backend_fn nr,');
    expect(out).toContain('\treturn nr(u, v, w, x, y, z);');
    expect(out).toContain('long (__syscall_cp)(__backend_fn nr,');
  });

  it('compares with the close backend function where musl compared with SYS_close', () => {
    const src = [
      'long __syscall_cp_asm(volatile void *, syscall_arg_t,',
      'long __syscall_cp_c(syscall_arg_t nr,',
      '\t    && (st==PTHREAD_CANCEL_DISABLE || nr==SYS_close))',
      '\t\treturn __syscall(nr, u, v, w, x, y, z);',
      '\tif (r==-EINTR && nr!=SYS_close && self->cancel &&',
    ].join('\n');
    const out = rewritePthreadCancel(src);
    expect(out).toContain('long __syscall_cp_asm(volatile void *, __backend_fn,');
    expect(out).toContain('long __syscall_cp_c(__backend_fn nr,');
    expect(out).toContain('nr==(__backend_fn)syscall_SYS_close))');
    expect(out).toContain('\t\treturn nr(u, v, w, x, y, z);');
    expect(out).toContain('nr!=(__backend_fn)syscall_SYS_close && self->cancel');
  });
});
