// What the scanner records about a syscall call for the ABI check: how the code uses the result
// and the types of the values it passes, read from the code around the call (musl's own idioms).
import { describe, expect, it } from 'vitest';
import { cParser } from '../../../src/util/parser.js';
import { fileFacts } from '../../../src/scan/facts.js';

async function calls(source: string) {
  const facts = fileFacts('src/x/x.c', source, await cParser());
  return facts.calls.filter((c) => c.result).map((c) => ({ fn: c.fn, name: c.name, result: c.result, args: c.args }));
}

describe('result use', () => {
  it('full through __syscall_ret, narrowed by int stores and int returns, discarded as a statement', async () => {
    const found = await calls(`
ssize_t read(int fd, void *buf, size_t count) { return syscall_cp(SYS_read, fd, buf, count); }
int close(int fd) { int r = __syscall_cp(SYS_close, fd); if (r == -EINTR) r = 0; return __syscall_ret(r); }
_Noreturn void _Exit(int ec) { __syscall(SYS_exit_group, ec); for (;;) __syscall(SYS_exit, ec); }
mode_t umask(mode_t mode) { return syscall(SYS_umask, mode); }
int posix_madvise(void *addr, size_t len, int advice) { return -__syscall(SYS_madvise, addr, len, advice); }
static inline void __wake(volatile void *addr, int cnt) { __syscall(SYS_futex, addr, FUTEX_WAKE, cnt) != -ENOSYS || __syscall(SYS_futex, addr, 1, cnt); }
int dup2(int old, int new) { int r; while ((r=__syscall(SYS_dup2, old, new))==-EBUSY); return __syscall_ret(r); }
void *sbrk(intptr_t inc) { return (void *)__syscall(SYS_brk, 0); }
long f(long x) { long r; r = x ? __syscall(SYS_getpid) : 0; return r; }
`);
    expect(found.map((c) => [c.fn, c.name, c.result!.read, c.result!.type])).toEqual([
      ['read', 'syscall_cp', 'full', 'ssize_t'],
      ['close', '__syscall_cp', 'narrow', 'int'],
      ['_Exit', '__syscall', 'none', null],
      ['_Exit', '__syscall', 'none', null],
      ['umask', 'syscall', 'full', 'mode_t'],
      ['posix_madvise', '__syscall', 'narrow', 'int'],
      ['__wake', '__syscall', 'full', null],
      ['__wake', '__syscall', 'full', null],
      ['dup2', '__syscall', 'narrow', 'int'],
      ['sbrk', '__syscall', 'narrow', 'void *'],
      ['f', '__syscall', 'narrow', 'long'],
    ]);
  });
});

describe('argument types', () => {
  it('from parameters, locals, casts, literals and the 64-bit split macros; unknown otherwise', async () => {
    const found = await calls(`
int ftruncate(int fd, off_t length) { return syscall(SYS_ftruncate, fd, __SYSCALL_LL_O(length)); }
void *__mmap(void *start, size_t len, int prot, int flags, int fd, off_t off) { long ret = __syscall(SYS_mmap, start, len, prot, flags, fd, off); return (void *)ret; }
int g(const char *restrict path) { struct stat st; unsigned n = 3; return __syscall(SYS_x, path, &st, n, (long)n, 0L, sizeof st, flags|O_CLOEXEC, "s"); }
`);
    const args = (fn: string) => found.find((c) => c.fn === fn)!.args;
    expect(args('ftruncate')).toEqual([
      { type: 'int', split: false },
      { type: 'off_t', split: true },
    ]);
    expect(args('__mmap')!.map((a) => a.type)).toEqual(['void *', 'size_t', 'int', 'int', 'int', 'off_t']);
    expect(args('g')!.map((a) => a.type)).toEqual(['const char *', 'void *', 'unsigned', 'long', 'long', 'size_t', null, 'char *']);
  });
});
