import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultBackendConfig } from '../../../src/backend/config.js';
import { DEFAULT_NAMING } from '../../../src/model/naming.js';
import { readBackend } from '../../../src/backend/reader.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => path.join(repo, 'fixtures', name);
const scratch: string[] = [];
afterAll(async () => Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true }))));

/** Reads one source snippet written to a temp file named `name`. */
async function readSnippet(name: string, source: string, config = defaultBackendConfig()) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-backend-'));
  scratch.push(dir);
  await writeFile(path.join(dir, name), source);
  return readBackend([dir], config, { relativeTo: dir });
}

describe('readBackend on the IncludeOS-style fixture', () => {
  test('finds exactly the symbols the fixture encodes', async () => {
    const reading = await readBackend([fixture('backend-includeos')], defaultBackendConfig(), { relativeTo: fixture('backend-includeos') });
    const summary = reading.symbols.map((s) => [s.name, s.status, s.file, s.params?.length ?? null, s.weak]);
    expect(summary).toEqual([
      ['socketcall_connect', 'implemented', 'socketcall.cpp', 3, false],
      ['socketcall_getsockopt', 'stub', 'socketcall.cpp', 5, false],
      ['socketcall_socket', 'implemented', 'socketcall.cpp', 3, false],
      ['syscall_SYS_clock_gettime', 'implemented', 'clock.c', 2, false],
      ['syscall_SYS_futex', 'stub', 'futex.cpp', 5, false],
      ['syscall_SYS_getpid', 'stub', 'sched.cpp', 0, false],
      ['syscall_SYS_madvise', 'stub', 'unsupported.cpp', 3, false],
      ['syscall_SYS_mincore', 'stub', 'clock.c', 3, true],
      ['syscall_SYS_mlock', 'stub', 'mlock.cpp', 2, false],
      ['syscall_SYS_msync', 'stub', 'unsupported.cpp', 3, false],
      ['syscall_SYS_munlock', 'stub', 'mlock.cpp', 2, false],
      ['syscall_SYS_read', 'implemented', 'read.cpp', 2, false],
      ['syscall_SYS_sched_yield', 'implemented', 'sched.cpp', 0, true],
      ['syscall_SYS_write', 'implemented', 'write.cpp', 3, false],
      ['syscall_n', 'implemented', 'syscall_n.cpp', 7, false],
    ]);
    expect(reading.warnings).toEqual([]);
    expect(reading.files).toBe(10); // 9 C++ files and headers + clock.c (README.md is not a source)
  });

  test('keeps parameter types as written, without names or comments', async () => {
    const reading = await readBackend([fixture('backend-includeos')], defaultBackendConfig());
    const byName = new Map(reading.symbols.map((s) => [s.name, s]));
    expect(byName.get('syscall_SYS_write')!.params).toEqual(['int', 'const char*', 'size_t']);
    expect(byName.get('socketcall_getsockopt')!.params).toEqual(['int', 'int', 'int', 'void*', 'socklen_t*']);
    expect(byName.get('syscall_SYS_futex')!.params).toEqual(['int*', 'int', 'int', 'const struct timespec*', 'int']);
  });

  test('reports macro-made definitions at the invocation line', async () => {
    const reading = await readBackend([fixture('backend-includeos')], defaultBackendConfig());
    const madvise = reading.symbols.find((s) => s.name === 'syscall_SYS_madvise')!;
    expect([madvise.line, madvise.params]).toEqual([4, ['void*', 'size_t', 'int']]);
  });
});

describe('readBackend on broken input', () => {
  test('warns about unparsable regions and mangled names but still reads the rest', async () => {
    const reading = await readBackend([fixture('backend-broken')], defaultBackendConfig(), { relativeTo: fixture('backend-broken') });
    expect(reading.symbols.map((s) => s.name)).toEqual(['syscall_SYS_getegid', 'syscall_SYS_getuid']);
    expect(reading.warnings.map((w) => [w.file, w.line])).toEqual([
      ['broken.cpp', 2],
      ['mangled.cpp', 2],
    ]);
    expect(reading.warnings[0].message).toMatch(/could not parse/);
    expect(reading.warnings[1].message).toMatch(/extern "C"/);
  });

  test('a missing backend path is a user error', async () => {
    await expect(readBackend([path.join(repo, 'fixtures', 'no-such-backend')], defaultBackendConfig())).rejects.toThrow(/does not exist/);
  });
});

describe('stub classification', () => {
  test('negative errno constants, casts and literals are stubs; other returns are implemented', async () => {
    const reading = await readSnippet(
      'b.c',
      `#include <errno.h>
long syscall_SYS_a(void) { return -ENOSYS; }
long syscall_SYS_b(void) { return (long)(-EPERM); }
long syscall_SYS_c(void) { return -38; }
long syscall_SYS_d(void) { errno = ENOSYS; return -1; }
long syscall_SYS_e(void) { return 0; }
long syscall_SYS_f(int x) { return -x; }
long syscall_SYS_g(int x) { if (x) return -EINVAL; return 0; }
`,
    );
    expect(reading.symbols.map((s) => [s.name, s.status])).toEqual([
      ['syscall_SYS_a', 'stub'],
      ['syscall_SYS_b', 'stub'],
      ['syscall_SYS_c', 'stub'],
      ['syscall_SYS_d', 'stub'],
      ['syscall_SYS_e', 'implemented'],
      ['syscall_SYS_f', 'implemented'],
      ['syscall_SYS_g', 'implemented'],
    ]);
  });

  test('forwarding resolves through helpers in other files and chains; cycles are implemented', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-backend-'));
    scratch.push(dir);
    await writeFile(path.join(dir, 'helpers.h'), 'static inline long unsupported(void) { return -ENOSYS; }\n');
    await writeFile(
      path.join(dir, 'calls.cpp'),
      `#include "helpers.h"
static long chain(void) { return unsupported(); }
static long ping(void);
static long pong(void) { return ping(); }
static long ping(void) { return pong(); }
extern "C" long syscall_SYS_x() { return chain(); }
extern "C" long syscall_SYS_y() { return pong(); }
extern "C" long syscall_SYS_z(int a) { return ::stubtrace(pong, "z", a); }
`,
    );
    const reading = await readBackend([dir], defaultBackendConfig(), { relativeTo: dir });
    expect(reading.symbols.map((s) => [s.name, s.status])).toEqual([
      ['syscall_SYS_x', 'stub'],
      ['syscall_SYS_y', 'implemented'],
      ['syscall_SYS_z', 'stub'],
    ]);
  });

  test('stub markers and the naming (both prefixes) are configurable', async () => {
    const naming = { ...DEFAULT_NAMING, syscallPrefix: 'sys_', socketcallPrefix: 'net_' };
    const config = defaultBackendConfig({ naming, stubMarkers: ['not_supported'], extraSymbols: ['kernel_syscall'] });
    const reading = await readSnippet(
      'k.c',
      `long sys_open(const char *p, int f) { not_supported("open"); return 0; }
long sys_read(int fd) { stubtrace(0); return 0; }
long kernel_syscall(long n) { return n; }
long syscall_SYS_write(int fd) { return fd; }
long net_connect(int fd) { return fd; }
long socketcall_bind(int fd) { return fd; }
`,
      config,
    );
    expect(reading.symbols.map((s) => [s.name, s.status])).toEqual([
      ['kernel_syscall', 'implemented'],
      ['net_connect', 'implemented'],
      ['sys_open', 'stub'],
      ['sys_read', 'implemented'],
    ]);
  });
});

describe('definitions', () => {
  test('weak through attributes, declarations and #pragma weak; variadic and K&R params are unknown', async () => {
    const reading = await readSnippet(
      'w.c',
      `long syscall_SYS_a(int x) __attribute__((weak));
long syscall_SYS_a(int x) { return x; }
#pragma weak syscall_SYS_b
long syscall_SYS_b(void) { return 1; }
long syscall_SYS_c(int fd, ...) { return fd; }
long syscall_SYS_d() { return 2; }
void *syscall_SYS_mmap(void *addr, unsigned long len) { return addr; }
`,
    );
    expect(reading.symbols.map((s) => [s.name, s.weak, s.params])).toEqual([
      ['syscall_SYS_a', true, ['int']],
      ['syscall_SYS_b', true, []],
      ['syscall_SYS_c', false, null],
      ['syscall_SYS_d', false, null],
      ['syscall_SYS_mmap', false, ['void*', 'unsigned long']],
    ]);
  });

  test('a configured macro expands to definitions; macros used inside bodies do not', async () => {
    const config = defaultBackendConfig({ macros: ['ENOSYS_STUB(n)=extern "C" long syscall_SYS_##n(long) { return -ENOSYS; }'] });
    const reading = await readSnippet(
      'm.cpp',
      `// ENOSYS_STUB(in_comment)
ENOSYS_STUB(mount)
ENOSYS_STUB(umount2);
extern "C" long syscall_SYS_sync() { const char* s = "ENOSYS_STUB(in_string)"; return s[0]; }
`,
      config,
    );
    expect(reading.symbols.map((s) => [s.name, s.status, s.line, s.params])).toEqual([
      ['syscall_SYS_mount', 'stub', 2, ['long']],
      ['syscall_SYS_sync', 'implemented', 4, []],
      ['syscall_SYS_umount2', 'stub', 3, ['long']],
    ]);
  });

  test('class methods and declarations without definitions are not symbols', async () => {
    const reading = await readSnippet(
      'c.cpp',
      `extern "C" long syscall_SYS_open(const char*, int);
struct Fd { long syscall_SYS_close(int fd) { return fd; } };
`,
    );
    expect(reading.symbols).toEqual([]);
    expect(reading.prototypes.map((p) => [p.name, p.params])).toEqual([['syscall_SYS_open', ['const char*', 'int']]]);
  });

  test('file-scope assembly defines its .global labels, for the arches of its #if branch', async () => {
    const reading = await readSnippet(
      'a.c',
      `#if defined(__x86_64__)
__asm__ (
	".global syscall_SYS_rt_sigreturn\\n"
	"syscall_SYS_rt_sigreturn:\\n"
	"	mov $15,%eax; syscall\\n"
	".global syscall_clone; syscall_clone: ret\\n"
	".global syscall_SYS_only_declared\\n"
);
#endif
long syscall_SYS_read(long fd) { __asm__ (".global syscall_SYS_inside\\nsyscall_SYS_inside:\\n"); return fd; }
`,
    );
    expect(reading.symbols.map((s) => [s.name, s.status, s.line, s.params, s.arches])).toEqual([
      ['syscall_SYS_read', 'implemented', 10, ['long'], null],
      ['syscall_SYS_rt_sigreturn', 'implemented', 2, null, ['x86_64']],
    ]);
  });

  test('register variables bound to a machine register parse, keeping line numbers', async () => {
    const reading = await readSnippet(
      'r.c',
      `long syscall_SYS_x(long a)
{
	register long r10 __asm__("r10") = a;
	return r10;
}
long syscall_SYS_y(void) { return -ENOSYS; }
`,
    );
    expect(reading.warnings).toEqual([]);
    expect(reading.symbols.map((s) => [s.name, s.status, s.line])).toEqual([
      ['syscall_SYS_x', 'implemented', 1],
      ['syscall_SYS_y', 'stub', 6],
    ]);
  });
});

describe('kernel C++ the reader reads without a warning', () => {
  test('nullability, attributes, noexcept, trailing return types, default arguments, std:: types', async () => {
    const reading = await readSnippet(
      'kernel.cpp',
      `#include <cstddef>
extern "C" long syscall_SYS_sigaltstack(const stack_t *_Nullable ss, stack_t * _Nonnull old) { return 0; }
extern "C" [[nodiscard]] int syscall_SYS_read(int fd, void* buf, std::size_t n) noexcept { return fd; }
extern "C" __attribute__((weak, used)) long syscall_SYS_sync(void) { return 0; }
extern "C" long __attribute__((noinline)) syscall_SYS_dup(int fd) { return fd; }
extern "C" long syscall_n(long nr, long a = 0, long b = 0) { return nr + a + b; }
extern "C" auto syscall_SYS_getpid() -> long { return 1; }
extern "C" [[gnu::weak]] long syscall_SYS_getppid() { return 1; }
extern "C" const char* syscall_SYS_getcwd(char* _Null_unspecified buf, std::size_t size) throw() { return buf; }
extern "C" { namespace detail { inline int helper() { return 0; } } long syscall_SYS_sched_yield(); }
long syscall_SYS_sched_yield() { return detail::helper(); }
template <typename T> static T identity(T v) { return v; }
static_assert(sizeof(long) >= 4, "long");
`,
    );
    expect(reading.warnings).toEqual([]);
    expect(reading.symbols.map((s) => [s.name, s.returns, s.params, s.weak])).toEqual([
      ['syscall_SYS_dup', 'long', ['int'], false],
      ['syscall_SYS_getcwd', 'const char*', ['char*', 'std::size_t'], false],
      ['syscall_SYS_getpid', 'long', [], false],
      ['syscall_SYS_getppid', 'long', [], true],
      ['syscall_SYS_read', 'int', ['int', 'void*', 'std::size_t'], false],
      ['syscall_SYS_sched_yield', 'long', [], false],
      ['syscall_SYS_sigaltstack', 'long', ['const stack_t*', 'stack_t*'], false],
      ['syscall_SYS_sync', 'long', [], true],
      ['syscall_n', 'long', ['long', 'long', 'long'], false],
    ]);
  });

  test('what does not parse is named with file and line, with the backend symbols it hides, and counted', async () => {
    const reading = await readSnippet(
      'broken.cpp',
      `extern "C" long syscall_SYS_getuid() { return 0; }

extern "C" long syscall_SYS_kill(int pid, int sig) {{ return pid @ sig; }
`,
    );
    expect(reading.symbols.map((s) => s.name)).toEqual(['syscall_SYS_getuid']);
    expect(reading.unparsed).toEqual([{ file: 'broken.cpp', line: 3, endLine: 3, symbols: ['syscall_SYS_kill'] }]);
    expect(reading.warnings).toEqual([
      { file: 'broken.cpp', line: 3, message: 'could not parse line(s) 3; syscall_SYS_kill there is not counted (reported missing)' },
    ]);
  });
});

describe('per-arch backend directories', () => {
  test('an arch-named directory below the given path limits its files; x86 means both x86 arches', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'musl-patch-backend-'));
    scratch.push(dir);
    const write = async (rel: string, text: string) => {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    };
    await write('src/musl/a.cpp', 'extern "C" long syscall_SYS_a() { return 0; }\n');
    await write('src/arch/x86/b.cpp', 'extern "C" long syscall_SYS_b() { return 0; }\n');
    await write('src/arch/i686/c.cpp', 'extern "C" long syscall_SYS_c() { return 0; }\n');
    await write('src/arch/arm64/d.cpp', '#ifdef __aarch64__\nextern "C" long syscall_SYS_d() { return 0; }\n#endif\n#ifdef __x86_64__\nextern "C" long syscall_SYS_e() { return 0; }\n#endif\n');
    const reading = await readBackend([path.join(dir, 'src')], defaultBackendConfig(), { relativeTo: dir });
    expect(reading.symbols.map((s) => [s.name, s.arches])).toEqual([
      ['syscall_SYS_a', null],
      ['syscall_SYS_b', ['i386', 'x86_64']],
      ['syscall_SYS_c', ['i386']],
      ['syscall_SYS_d', ['aarch64']],
      // An x86_64 branch inside an aarch64 directory is compiled nowhere.
      ['syscall_SYS_e', []],
    ]);
    // Directories above the base (where a checkout happens to live) say nothing.
    const outside = await readBackend([path.join(dir, 'src', 'arch', 'i686')], defaultBackendConfig(), { relativeTo: path.join(dir, 'src', 'arch', 'i686') });
    expect(outside.symbols.map((s) => [s.name, s.arches])).toEqual([['syscall_SYS_c', null]]);
    // An explicit limit (the profile's per-arch lists) applies as given.
    const limited = await readBackend([{ path: path.join(dir, 'src', 'musl'), arches: ['x86_64'] }], defaultBackendConfig(), { relativeTo: dir });
    expect(limited.symbols.map((s) => [s.name, s.arches])).toEqual([['syscall_SYS_a', ['x86_64']]]);
  });
});
