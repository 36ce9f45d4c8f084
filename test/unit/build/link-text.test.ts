// The readers of GNU ld's map file and warnings, nm -P and objdump -t -r -w, on text those tools
// printed here (binutils 2.40; scratch-directory names as src/build/link.ts gives them).
import { describe, expect, test } from 'vitest';
import { parseMapInclusions, parseNmPosix, parseObjdumpReferences, parseUnresolvedWarnings } from '../../../src/build/link-text.js';

describe('map file', () => {
  test('members with their reason, long names on two lines, duplicates kept, the section end found', () => {
    const map = [
      'Archive member included to satisfy reference by file (symbol)',
      '',
      'libc.a(__libc_start_main.lo)',
      '                              crt1.o (__libc_start_main)',
      'libc.a(free.lo)               p0.o (free)',
      'libc.a(free.lo)               libc.a(free.lo) (__libc_free)',
      '',
      'Discarded input sections',
      '',
      ' .text          0x0000000000000000        0x0 crt1.o',
    ].join('\n');
    expect(parseMapInclusions(map)).toEqual([
      { member: { path: 'libc.a', member: '__libc_start_main.lo' }, by: { path: 'crt1.o', member: null }, symbol: '__libc_start_main' },
      { member: { path: 'libc.a', member: 'free.lo' }, by: { path: 'p0.o', member: null }, symbol: 'free' },
      { member: { path: 'libc.a', member: 'free.lo' }, by: { path: 'libc.a', member: 'free.lo' }, symbol: '__libc_free' },
    ]);
  });

  test('a link that took no archive member has no such section', () => {
    expect(parseMapInclusions('Memory Configuration\n\nName Origin Length\n')).toEqual([]);
  });
});

describe('unresolved-symbol warnings', () => {
  const ld = '/usr/lib/gcc-cross/i686-linux-gnu/12/../../../../i686-linux-gnu/bin/ld';
  const files = new Set(['crt1.o', 'p0.o', 'libc.a']);
  test('the function from the context line, a data reference without one, members of archives, repeats once', () => {
    const stderr = [
      `${ld}: p0.o: in function \`f':`,
      "<stdin>:(.text+0x10): warning: undefined reference to `missing_fn'",
      `${ld}: <stdin>:(.text+0x18): warning: undefined reference to \`missing_fn'`,
      `${ld}: p0.o:(.data.rel+0x0): warning: undefined reference to \`missing_fn'`,
      `${ld}: libc.a(__lock.lo): in function \`__lock':`,
      "__lock.c:(.text.__lock+0xa8): warning: undefined reference to `syscall_SYS_futex'",
      `${ld}: __lock.c:(.text.__lock+0xc0): warning: undefined reference to \`syscall_SYS_futex'`,
      `${ld}: __lock.c:(.text.__lock+0xd0): more undefined references to \`syscall_SYS_futex' follow`,
      `${ld}: warning: p0.o: missing .note.GNU-stack section implies executable stack`,
    ].join('\n');
    expect(parseUnresolvedWarnings(stderr, files)).toEqual([
      { symbol: 'missing_fn', file: { path: 'p0.o', member: null }, function: 'f' },
      { symbol: 'missing_fn', file: { path: 'p0.o', member: null }, function: null },
      { symbol: 'syscall_SYS_futex', file: { path: 'libc.a', member: '__lock.lo' }, function: '__lock' },
    ]);
  });

  test('objects with debug info (musl built with --enable-debug) name SOURCE:LINE instead of the section', () => {
    const stderr = [
      `${ld}: libc.a(lite_malloc.lo): in function \`__simple_malloc':`,
      "/build/tree/src/malloc/lite_malloc.c:62: warning: undefined reference to `syscall_SYS_brk'",
      `${ld}: /build/tree/src/malloc/lite_malloc.c:69: warning: undefined reference to \`syscall_SYS_brk'`,
      `${ld}: libc.a(malloc.lo): in function \`__wake':`,
      "/build/tree/src/internal/pthread_impl.h:172: warning: undefined reference to `syscall_SYS_futex'",
      `${ld}: /build/tree/src/internal/pthread_impl.h:173: more undefined references to \`syscall_SYS_futex' follow`,
    ].join('\n');
    expect(parseUnresolvedWarnings(stderr, files)).toEqual([
      { symbol: 'syscall_SYS_brk', file: { path: 'libc.a', member: 'lite_malloc.lo' }, function: '__simple_malloc' },
      { symbol: 'syscall_SYS_futex', file: { path: 'libc.a', member: 'malloc.lo' }, function: '__wake' },
    ]);
  });

  test("newer binutils' straight quotes read the same", () => {
    const stderr = "ld: p0.o: in function 'main':\nmain.c:(.text+0x5): warning: undefined reference to 'socket'\n";
    expect(parseUnresolvedWarnings(stderr, files)).toEqual([{ symbol: 'socket', file: { path: 'p0.o', member: null }, function: 'main' }]);
  });
});

describe('nm -P', () => {
  test('an object without heading; definitions, weak ones, strong and weak references; locals left out', () => {
    const [o] = parseNmPosix('free U         \nmain T 0 29\n.LC0 r 0 \nhook w         \nalias W 10 4\nobj V 0 8\n', 'p0.o');
    expect(o.name).toEqual({ path: 'p0.o', member: null });
    expect([...o.defined].sort()).toEqual(['alias', 'main', 'obj']);
    expect([...o.weak].sort()).toEqual(['alias', 'obj']);
    expect([...o.undefined]).toEqual(['free']);
    expect([...o.weakUndefined]).toEqual(['hook']);
  });

  test('archive members by heading: two of one name stay two', () => {
    const text = 'libc.a[free.lo]:\n__libc_free U         \nfree T 0 5\nlibc.a[calloc.lo]:\ncalloc T 0 9\nlibc.a[free.lo]:\n__libc_free T 0 17a\n';
    const members = parseNmPosix(text, 'libc.a');
    expect(members.map((m) => [m.name.member, [...m.defined]])).toEqual([
      ['free.lo', ['free']],
      ['calloc.lo', ['calloc']],
      ['free.lo', ['__libc_free']],
    ]);
  });
});

describe('objdump -t -r -w', () => {
  test('each named reference with the function covering its offset; section symbols and local labels left out', () => {
    const text = [
      '',
      'In archive p1.a:',
      '',
      'd.o:     file format elf32-i386',
      '',
      'SYMBOL TABLE:',
      '00000000 l    df *ABS*\t00000000 <stdin>',
      '00000000 g     F .text\t00000019 f',
      '00000020 g     F .text\t00000010 g',
      '00000000 g     F .text.__x86.get_pc_thunk.bx\t00000000 .hidden __x86.get_pc_thunk.bx',
      '00000000         *UND*\t00000000 missing_fn',
      '',
      'RELOCATION RECORDS FOR [.text]:',
      'OFFSET   TYPE              VALUE',
      '00000002 R_386_PC32        __x86.get_pc_thunk.bx',
      '00000010 R_386_PLT32       missing_fn',
      '00000024 R_386_PLT32       socket-0x00000004',
      '00000028 R_386_GOTOFF      .LC0',
      '',
      'RELOCATION RECORDS FOR [.eh_frame]:',
      'OFFSET   TYPE              VALUE',
      '00000020 R_386_PC32        .text',
    ].join('\n');
    expect(parseObjdumpReferences(text, 'p1.a')).toEqual([
      { file: { path: 'p1.a', member: 'd.o' }, function: 'f', symbol: '__x86.get_pc_thunk.bx' },
      { file: { path: 'p1.a', member: 'd.o' }, function: 'f', symbol: 'missing_fn' },
      { file: { path: 'p1.a', member: 'd.o' }, function: 'g', symbol: 'socket' },
    ]);
  });

  test('an object on its own is not a member', () => {
    const text = '\np0.o:     file format elf64-x86-64\n\nSYMBOL TABLE:\n0000000000000000 g     F .text.startup\t0000000000000029 main\n\nRELOCATION RECORDS FOR [.text.startup]:\nOFFSET           TYPE              VALUE\n0000000000000007 R_X86_64_PLT32    malloc-0x0000000000000004\n';
    expect(parseObjdumpReferences(text, 'p0.o')).toEqual([{ file: { path: 'p0.o', member: null }, function: 'main', symbol: 'malloc' }]);
  });
});
