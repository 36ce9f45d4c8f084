/* Timing loops of `npm run bench -- libc` (x86_64): ns per call of getppid (a plain system call),
 * read(-1, ...) (a cancellation point), clock_gettime and write to a sink, through the libc this
 * is linked with. Built with -DDIRECT (patched libc + bench/libc/backend.c) it also times direct
 * C calls of the backend functions, in batches alternating with the libc's, so that a busy stretch
 * of the machine falls on both. Prints "name ns_per_call" per batch, then "check getppid N" (what
 * getppid returned: tells which backend answered).
 *
 * Usage: calls BATCHES. Each batch runs ~0.2 ms worth of calls, timed on the thread's CPU clock
 * (time the process waits while the machine runs others is not counted), read with a raw
 * clock_gettime system call: in the patched build the libc's clock_gettime is one of the things
 * timed (a constant backend). */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Referencing pthread_cancel links musl's cancellation machinery (__syscall_cp_c with its flag
 * tests, __syscall_cp_asm), as in any program that cancels threads. Built with -DSHORT_CP, a
 * static program's cancellation points take musl's short weak-alias path instead. */
#ifndef SHORT_CP
int (*volatile bench_keep_cancel)(pthread_t) = pthread_cancel;
#endif

static double now_ns(void)
{
	struct timespec ts;
	long ret;
	__asm__ __volatile__ ("syscall" : "=a"(ret) : "a"(228L), "D"((long)CLOCK_THREAD_CPUTIME_ID), "S"(&ts)
	                      : "rcx", "r11", "memory");
	if (ret != 0) abort();
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static long sink;
static char buf[64];
static int devnull;
static struct timespec ts;

#define BATCH_NS 200000.0

/* One batch of n calls of expr: ns per call. */
#define TIMED(fn, expr) static double fn(long n) { \
	double t0 = now_ns(); \
	for (long i = 0; i < n; i++) sink += (long)(expr); \
	return (now_ns() - t0) / n; \
}

TIMED(libc_getppid, getppid())
TIMED(libc_read, read(-1, buf, 1))
TIMED(libc_clock_gettime, clock_gettime(CLOCK_MONOTONIC, &ts))
TIMED(libc_write, write(devnull, buf, 1))

#ifdef DIRECT
long syscall_SYS_getppid(void);
long syscall_SYS_read(long, long, long);
long syscall_SYS_write(long, long, long);
long syscall_SYS_clock_gettime(long, long);
TIMED(direct_getppid, syscall_SYS_getppid())
TIMED(direct_read, syscall_SYS_read(-1, (long)buf, 1))
TIMED(direct_clock_gettime, syscall_SYS_clock_gettime(CLOCK_MONOTONIC, (long)&ts))
TIMED(direct_write, syscall_SYS_write(devnull, (long)buf, 1))
#endif

static const struct { const char *name; double (*libc)(long), (*direct)(long); } calls[] = {
#ifdef DIRECT
	{ "getppid", libc_getppid, direct_getppid },
	{ "read", libc_read, direct_read },
	{ "clock_gettime", libc_clock_gettime, direct_clock_gettime },
	{ "write", libc_write, direct_write },
#else
	{ "getppid", libc_getppid, 0 },
	{ "read", libc_read, 0 },
	{ "clock_gettime", libc_clock_gettime, 0 },
	{ "write", libc_write, 0 },
#endif
};

int main(int argc, char **argv)
{
	if (argc != 2) { fprintf(stderr, "usage: calls BATCHES\n"); return 2; }
	long batches = atol(argv[1]);
	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0) { perror("/dev/null"); return 1; }
	if (read(-1, buf, 1) != -1 || errno != EBADF) { fprintf(stderr, "read(-1) did not fail with EBADF\n"); return 1; }

	for (unsigned c = 0; c < sizeof calls / sizeof calls[0]; c++) {
		/* Warm-up, and the batch size: the libc call's cost decides it for both. */
		long n = BATCH_NS / calls[c].libc(1000) + 1;
		if (calls[c].direct) calls[c].direct(n);
		for (long b = 0; b < batches; b++) {
			printf("%s %.4f\n", calls[c].name, calls[c].libc(n));
			if (calls[c].direct) printf("direct_%s %.4f\n", calls[c].name, calls[c].direct(n));
		}
	}
	printf("check getppid %ld\n", (long)getppid());
	fprintf(stderr, "sink %ld\n", sink); /* keeps the loops' results alive */
	return 0;
}
