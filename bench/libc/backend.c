/* The backend of `npm run bench -- libc`: constant-returning functions, linked in place of the
 * passthrough's for these four symbols, so the patched libc's call path is timed without any
 * kernel work behind it. Built without LTO in its own object: no caller can inline them. */

struct bench_timespec { long tv_sec, tv_nsec; };

#define BENCH_PPID 4242
#define BENCH_EBADF 9

long syscall_SYS_getppid(void) { return BENCH_PPID; }

long syscall_SYS_read(long fd, long buf, long n) { (void)fd; (void)buf; (void)n; return -BENCH_EBADF; }

long syscall_SYS_write(long fd, long buf, long n) { (void)fd; (void)buf; return n; }

long syscall_SYS_clock_gettime(long clk, long ts)
{
	(void)clk;
	((struct bench_timespec *)ts)->tv_sec = 1;
	((struct bench_timespec *)ts)->tv_nsec = 0;
	return 0;
}
