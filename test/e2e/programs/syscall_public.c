/* The public syscall(): SYS_getpid == getpid(), SYS_write with a buffer, SYS_gettid, errno on failure. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
	long pid = syscall(SYS_getpid);
	check(pid == getpid() && pid > 0, "syscall(SYS_getpid) == getpid()");
	long tid = syscall(SYS_gettid);
	check(tid == gettid() && tid == pid, "syscall(SYS_gettid) == gettid() == pid in the main thread");
	check(syscall(SYS_getppid) == getppid(), "syscall(SYS_getppid) == getppid()");
	check(syscall(SYS_getuid) == getuid(), "syscall(SYS_getuid) == getuid()");
	fflush(stdout);
	const char msg[] = "written by syscall(SYS_write)\n";
	long n = syscall(SYS_write, 1, msg, sizeof msg - 1);
	check(n == (long)sizeof msg - 1, "syscall(SYS_write) returned %ld", n);
	errno = 0;
	long r = syscall(SYS_close, 12345);
	expect_errno(r, EBADF, "syscall(SYS_close, 12345)");
	errno = 0;
	r = syscall(-1);
	expect_errno(r, ENOSYS, "syscall(-1)");
	r = syscall(99999);
	expect_errno(r, ENOSYS, "syscall(99999)");
#ifdef SYS_open
	int fd = syscall(SYS_open, "sys.txt", O_CREAT | O_WRONLY, 0600);
#else
	int fd = syscall(SYS_openat, AT_FDCWD, "sys.txt", O_CREAT | O_WRONLY, 0600);
#endif
	check(fd >= 0, "syscall open/openat creates a file");
	check(syscall(SYS_write, fd, "abc", 3) == 3, "syscall write to the file");
	check(syscall(SYS_close, fd) == 0, "syscall close");
	char buf[8] = {0};
	fd = open("sys.txt", O_RDONLY);
	check(syscall(SYS_read, fd, buf, sizeof buf) == 3 && strcmp(buf, "abc") == 0, "syscall read back: %s", buf);
	close(fd);
#ifdef SYS_unlink
	check(syscall(SYS_unlink, "sys.txt") == 0, "syscall unlink");
#else
	check(syscall(SYS_unlinkat, AT_FDCWD, "sys.txt", 0) == 0, "syscall unlinkat");
#endif
	/* Six-argument call through syscall(): mmap (mmap2 on 32-bit). */
#ifdef SYS_mmap2
	long m = syscall(SYS_mmap2, 0, 4096, 3, 0x22, -1, 0);
#else
	long m = syscall(SYS_mmap, 0, 4096, 3, 0x22, -1, 0);
#endif
	check(m != -1 && (m & 4095) == 0, "six-argument syscall mmap");
	if (m != -1) { ((char *)m)[100] = 1; check(syscall(SYS_munmap, m, 4096) == 0, "syscall munmap"); }
	return e2e_done();
}
