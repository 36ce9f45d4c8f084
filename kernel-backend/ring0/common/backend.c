/*
 * The syscall backend: what the trap-free musl calls instead of trapping.
 * Names follow the IncludeOS convention (syscall_SYS_<name as musl writes the SYS_ token>).
 * Everything not implemented here (or in memory.c / the arch file) is an -ENOSYS stub
 * generated at link time from the libc's undefined symbols (see src/boot/stubs.ts).
 * Arguments are declared `long`: on x86_64 and aarch64 every integer or pointer argument
 * travels in one register, so this matches any prototype the libc declares.
 */
#define _GNU_SOURCE  /* MREMAP_*, CLOCK_*_COARSE */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include "ring0.h"

long syscall_SYS_write(long fd, long buf, long n)
{
	if (fd != 1 && fd != 2) return -EBADF;  /* stdout and stderr share the console */
	if (n < 0) return -EINVAL;
	arch_console_write((const char *)buf, n);
	return n;
}

long syscall_SYS_writev(long fd, long iov, long cnt)
{
	const struct iovec *v = (const struct iovec *)iov;
	long total = 0;
	if (fd != 1 && fd != 2) return -EBADF;
	for (long i = 0; i < cnt; i++) {
		arch_console_write(v[i].iov_base, v[i].iov_len);
		total += v[i].iov_len;
	}
	return total;
}

long syscall_SYS_read(long fd, long buf, long n)
{
	(void)buf; (void)n;
	return fd == 0 ? 0 : -EBADF;  /* stdin is empty, like </dev/null */
}

long syscall_SYS_readv(long fd, long iov, long cnt)
{
	(void)iov; (void)cnt;
	return fd == 0 ? 0 : -EBADF;
}

/*
 * The console is deliberately not a tty (TIOCGWINSZ fails): musl then fully buffers stdout,
 * exactly as on Linux with stdout redirected to a pipe or file, so output order matches.
 */
long syscall_SYS_ioctl(long fd, long req, long arg)
{
	(void)req; (void)arg;
	return fd >= 0 && fd <= 2 ? -ENOTTY : -EBADF;
}

long syscall_SYS_lseek(long fd, long off, long whence)
{
	(void)off; (void)whence;
	return fd >= 0 && fd <= 2 ? -ESPIPE : -EBADF;
}

/* There is no file system: every path names a file that does not exist. */
long syscall_SYS_open(long path, long flags, long mode) { (void)path; (void)flags; (void)mode; return -ENOENT; }
long syscall_SYS_openat(long dirfd, long path, long flags, long mode) { (void)dirfd; return syscall_SYS_open(path, flags, mode); }

long syscall_SYS_close(long fd) { return fd >= 0 && fd <= 2 ? 0 : -EBADF; }

long syscall_SYS_set_tid_address(long p) { (void)p; return 1; }
long syscall_SYS_getpid(void) { return 1; }
long syscall_SYS_gettid(void) { return 1; }
long syscall_SYS_getppid(void) { return 0; }
long syscall_SYS_getuid(void) { return 0; }
long syscall_SYS_geteuid(void) { return 0; }
long syscall_SYS_getgid(void) { return 0; }
long syscall_SYS_getegid(void) { return 0; }

/* Signals: there are no handlers to run, so a signal the program sends itself ends it. */
long syscall_SYS_rt_sigprocmask(long how, long set, long old, long sz)
{
	(void)how; (void)set; (void)sz;
	if (old) *(uint64_t *)old = 0;
	return 0;
}
long syscall_SYS_rt_sigaction(long sig, long act, long old, long sz)
{
	(void)sig; (void)act; (void)sz;
	if (old) for (int i = 0; i < 4; i++) ((uint64_t *)old)[i] = 0;
	return 0;
}
static long deliver(long sig)
{
	if (sig == 0) return 0;
	if (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT) return 0;  /* ignored by default */
	ring0_signal(sig);
}
long syscall_SYS_tkill(long tid, long sig) { (void)tid; return deliver(sig); }
long syscall_SYS_tgkill(long pid, long tid, long sig) { (void)pid; (void)tid; return deliver(sig); }
long syscall_SYS_kill(long pid, long sig) { (void)pid; return deliver(sig); }

long syscall_SYS_clock_gettime(long clk, long ts)
{
	uint64_t ns = arch_monotonic_ns();
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns += arch_realtime_boot_s() * 1000000000ull;
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		break;
	default:
		return -EINVAL;
	}
	((struct timespec *)ts)->tv_sec = ns / 1000000000ull;
	((struct timespec *)ts)->tv_nsec = ns % 1000000000ull;
	return 0;
}

long syscall_SYS_exit(long status) { ring0_exit(status); }
long syscall_SYS_exit_group(long status) { ring0_exit(status); }

/* Only the memory functions live elsewhere; declared here for syscall_n. */
long syscall_SYS_brk(long);
long syscall_SYS_mmap(long, long, long, long, long, long);
long syscall_SYS_munmap(long, long);
long syscall_SYS_mremap(long, long, long, long, long);
long syscall_SYS_madvise(long, long, long);
long syscall_SYS_mprotect(long, long, long);
long arch_syscall(long nr, long a, long b, long c, long d, long e, long f);

/* Calls whose number is only known at run time (syscall(), __syscall_cp, setxid). */
long syscall_n(long nr, long a, long b, long c, long d, long e, long f)
{
	switch (nr) {
	case SYS_write: return syscall_SYS_write(a, b, c);
	case SYS_writev: return syscall_SYS_writev(a, b, c);
	case SYS_read: return syscall_SYS_read(a, b, c);
	case SYS_readv: return syscall_SYS_readv(a, b, c);
	case SYS_ioctl: return syscall_SYS_ioctl(a, b, c);
	case SYS_lseek: return syscall_SYS_lseek(a, b, c);
	case SYS_close: return syscall_SYS_close(a);
#ifdef SYS_open
	case SYS_open: return syscall_SYS_open(a, b, c);
#endif
	case SYS_openat: return syscall_SYS_openat(a, b, c, d);
	case SYS_brk: return syscall_SYS_brk(a);
	case SYS_mmap: return syscall_SYS_mmap(a, b, c, d, e, f);
	case SYS_munmap: return syscall_SYS_munmap(a, b);
	case SYS_mremap: return syscall_SYS_mremap(a, b, c, d, e);
	case SYS_madvise: return syscall_SYS_madvise(a, b, c);
	case SYS_mprotect: return syscall_SYS_mprotect(a, b, c);
	case SYS_set_tid_address: return syscall_SYS_set_tid_address(a);
	case SYS_getpid: return syscall_SYS_getpid();
	case SYS_gettid: return syscall_SYS_gettid();
	case SYS_getppid: return syscall_SYS_getppid();
	case SYS_getuid: return syscall_SYS_getuid();
	case SYS_geteuid: return syscall_SYS_geteuid();
	case SYS_getgid: return syscall_SYS_getgid();
	case SYS_getegid: return syscall_SYS_getegid();
	case SYS_rt_sigprocmask: return syscall_SYS_rt_sigprocmask(a, b, c, d);
	case SYS_rt_sigaction: return syscall_SYS_rt_sigaction(a, b, c, d);
	case SYS_tkill: return syscall_SYS_tkill(a, b);
	case SYS_tgkill: return syscall_SYS_tgkill(a, b, c);
	case SYS_kill: return syscall_SYS_kill(a, b);
	case SYS_clock_gettime: return syscall_SYS_clock_gettime(a, b);
	case SYS_exit: return syscall_SYS_exit(a);
	case SYS_exit_group: return syscall_SYS_exit_group(a);
	default: {
		long r = arch_syscall(nr, a, b, c, d, e, f);
		if (r == -ENOSYS) {
			kputs(CONTROL, "enosys syscall_n(");
			kputdec(CONTROL, nr);
			kputs(CONTROL, ")\n");
		}
		return r;
	}
	}
}
