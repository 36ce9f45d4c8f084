import { describe, expect, it } from 'vitest';
import { renderArchHeader, renderGenericHeader, renderPrototype } from '../../../src/rewrite/backend-header.js';
import { DEFAULT_NAMING, functionName, socketcallKey, syscallKey, sysTokenOfKey } from '../../../src/model/naming.js';

describe('naming', () => {
  it('keys keep the SYS_ token as written and map to configurable names', () => {
    expect(syscallKey('SYS_fstatat')).toBe('syscall_SYS_fstatat');
    expect(socketcallKey('connect')).toBe('socketcall_connect');
    expect(sysTokenOfKey('socketcall_connect')).toBe('SYS_connect');
    expect(functionName('syscall_SYS_read', DEFAULT_NAMING)).toBe('syscall_SYS_read');
    expect(functionName('syscall_SYS_read', { ...DEFAULT_NAMING, syscallPrefix: 'sys_' })).toBe('sys_read');
  });
});

describe('renderPrototype', () => {
  it('declares the arity and pads through __bk_extra', () => {
    expect(renderPrototype({ key: 'syscall_SYS_read', arity: 3 })).toBe(
      'long syscall_SYS_read(long, long, long);\n' +
        '#define __bk_syscall_SYS_read(how, a, b, c, ...) how(syscall_SYS_read, __scc(a), __scc(b), __scc(c)) __bk_extra(__VA_ARGS__)\n',
    );
  });
  it('declares (void) for no arguments', () => {
    expect(renderPrototype({ key: 'syscall_SYS_getpid', arity: 0 })).toBe(
      'long syscall_SYS_getpid(void);\n#define __bk_syscall_SYS_getpid(how, ...) how(syscall_SYS_getpid) __bk_extra(__VA_ARGS__)\n',
    );
  });
});

describe('renderArchHeader', () => {
  it('sorts the functions and counts them', () => {
    const text = renderArchHeader('1.2.5', 'x86_64', [
      { key: 'syscall_SYS_write', arity: 3 },
      { key: 'socketcall_connect', arity: 6 },
    ]);
    expect(text).toContain('musl 1.2.5 on x86_64');
    expect(text).toContain('2 functions');
    expect(text.indexOf('socketcall_connect(')).toBeLessThan(text.indexOf('syscall_SYS_write('));
  });
});

describe('renderGenericHeader', () => {
  const h = renderGenericHeader();
  it('pastes the first argument at the first macro level for every entry point', () => {
    expect(h).toContain('#define __syscall(n, ...) __bk_call(__bk_direct, syscall_##n __VA_OPT__(,) __VA_ARGS__)');
    expect(h).toContain('#define syscall(n, ...) __syscall_ret(__bk_call(__bk_direct, syscall_##n __VA_OPT__(,) __VA_ARGS__))');
    expect(h).toContain('#define __syscall_cp(n, ...) __bk_call(__bk_cp, syscall_##n __VA_OPT__(,) __VA_ARGS__)');
    expect(h).toContain('#define __syscall3(n,a,b,c) __bk_call(__bk_direct, syscall_##n, a, b, c)');
    expect(h).toContain('#define socketcall(nm,a,b,c,d,e,f) __syscall_ret(__bk_call(__bk_direct, socketcall_##nm, a, b, c, d, e, f))');
  });
  it('declares the run-time-number function with the number first and six arguments', () => {
    expect(h).toContain('long syscall_n(long, long, long, long, long, long, long);');
    expect(renderGenericHeader({ ...DEFAULT_NAMING, dynamic: 'k_syscall' })).toContain('long k_syscall(long, long, long, long, long, long, long);');
  });
});
