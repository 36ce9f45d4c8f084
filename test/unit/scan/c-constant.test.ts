// C conditions the compiler folds, evaluated with per-arch type sizes. Expected values follow the
// C data models: LP64 (x86_64, aarch64: long and pointers 8 bytes) and ILP32 (i386: 4), with musl's
// time_t = _Int64 on every arch.
import { describe, expect, it } from 'vitest';
import { ArchTypes, findStructBody } from '../../../src/scan/c-types.js';
import { evaluateCConstant, mapEnv } from '../../../src/c/index.js';

const ALLTYPES_GENERIC = 'TYPEDEF _Int64 time_t;\nTYPEDEF unsigned _Addr size_t;\nTYPEDEF struct { int x; } pthread_t_like;\n';
const KSTAT = 'struct kstat {\n\tdev_t st_dev;\n\tlong st_atime_sec;\n\tint pad[3];\n\tunsigned char *p;\n};\n';
const lp64 = new ArchTypes({ long: 8, pointer: 8 }, `#define _Addr long\n#define _Int64 long\n${ALLTYPES_GENERIC}`, (k, tag) => findStructBody(KSTAT, k, tag));
const ilp32 = new ArchTypes({ long: 4, pointer: 4 }, `#define _Addr int\n#define _Int64 long long\n${ALLTYPES_GENERIC}`, (k, tag) => findStructBody(KSTAT, k, tag));
const env = mapEnv({ NSIG_LIKE: '65', 'IS32BIT(x)': '!((x)+0x80000000ULL>>32)' });

describe('type sizes per arch', () => {
  it('sizes base types, musl typedefs and pointers by data model', () => {
    expect([lp64.typeSize(['long']), ilp32.typeSize(['long'])]).toEqual([8, 4]);
    expect([lp64.typeSize(['time_t']), ilp32.typeSize(['time_t'])]).toEqual([8, 8]);
    expect([lp64.typeSize(['size_t']), ilp32.typeSize(['size_t'])]).toEqual([8, 4]);
    expect([lp64.typeSize(['char', '*']), ilp32.typeSize(['void', '*'])]).toEqual([8, 4]);
    expect([lp64.typeSize(['unsigned', 'short', 'int']), lp64.typeSize(['long', 'long']), lp64.typeSize(['int'])]).toEqual([2, 8, 4]);
  });

  it('is unknown for what it cannot know', () => {
    expect(lp64.typeSize(['long', 'double'])).toBeNull();
    expect(lp64.typeSize(['pthread_t_like'])).toBeNull(); // a struct typedef: not read
    expect(lp64.typeSize(['some_variable'])).toBeNull();
  });

  it('sizes struct members where the struct is defined', () => {
    expect([lp64.memberSize(['struct', 'kstat'], 'st_atime_sec'), ilp32.memberSize(['struct', 'kstat'], 'st_atime_sec')]).toEqual([8, 4]);
    expect(lp64.memberSize(['struct', 'kstat'], 'pad')).toBe(12);
    expect(ilp32.memberSize(['struct', 'kstat'], 'p')).toBe(4);
    expect(lp64.memberSize(['struct', 'kstat'], 'st_dev')).toBeNull(); // dev_t is not in these alltypes
    expect(lp64.memberSize(['struct', 'stat'], 'st_size')).toBeNull();
  });
});

describe('evaluateCConstant', () => {
  it("folds musl 1.2.3 fstatat's guard per arch", () => {
    const guard = '(sizeof((struct kstat){0}.st_atime_sec) < sizeof(time_t))';
    expect(evaluateCConstant(guard, env, lp64)).toBe(0n);
    expect(evaluateCConstant(guard, env, ilp32)).toBe(1n);
  });

  it('folds sizes, macros, casts and logic', () => {
    expect(evaluateCConstant('(sizeof(time_t) > sizeof(long))', env, lp64)).toBe(0n);
    expect(evaluateCConstant('(sizeof(time_t) > sizeof(long))', env, ilp32)).toBe(1n);
    expect(evaluateCConstant('(sizeof(long)==4 || NSIG_LIKE > 65)', env, lp64)).toBe(0n);
    expect(evaluateCConstant('((long)sizeof(int) * 2 == 8)', env, ilp32)).toBe(1n);
  });

  it('says run time when a variable or a call decides, unless a constant side does', () => {
    expect(evaluateCConstant('(!(dir = calloc(1, sizeof *dir)))', env, lp64)).toBe('runtime');
    expect(evaluateCConstant('(libc.tls_size > sizeof builtin_tls)', env, lp64)).toBe('runtime');
    expect(evaluateCConstant('(!IS32BIT(is) || (sizeof(time_t)>4 && old))', env, lp64)).toBe('runtime');
    expect(evaluateCConstant('(sizeof(time_t) < 4 && old)', env, lp64)).toBe(0n);
  });

  it('is null for a constant it cannot size', () => {
    expect(evaluateCConstant('(sizeof old->__bits[0] == 8)', env, lp64)).toBeNull();
    expect(evaluateCConstant('(sizeof(struct stat) > 100)', env, lp64)).toBeNull();
  });
});
