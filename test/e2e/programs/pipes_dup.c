/* Pipes and descriptors: pipe/pipe2, dup/dup2/dup3, fcntl flags, O_NONBLOCK EAGAIN, EPIPE + SIGPIPE. */
#include "e2e_check.h"
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <limits.h>

static volatile sig_atomic_t sigpipes;
static void on_pipe(int s) { (void)s; sigpipes++; }

int main(void)
{
	int p[2];
	char buf[128];
	check(pipe(p) == 0, "pipe");
	check(write(p[1], "through the pipe", 16) == 16, "write to pipe");
	check(read(p[0], buf, sizeof buf) == 16 && memcmp(buf, "through the pipe", 16) == 0, "read from pipe");
	check(fcntl(p[0], F_GETFD) == 0, "no FD_CLOEXEC by default");

	int d = dup(p[1]);
	check(d > p[1] || d >= 0, "dup gives a new fd");
	check(write(d, "dup", 3) == 3 && read(p[0], buf, 3) == 3 && memcmp(buf, "dup", 3) == 0, "write through the dup");
	close(d);
	check(dup2(p[1], 50) == 50, "dup2 onto 50");
	check(write(50, "fifty", 5) == 5 && read(p[0], buf, 5) == 5, "write through fd 50");
	check(dup2(50, 50) == 50, "dup2 onto itself");
	expect_errno(dup3(50, 50, O_CLOEXEC), EINVAL, "dup3 onto itself");
	check(dup3(p[1], 51, O_CLOEXEC) == 51 && (fcntl(51, F_GETFD) & FD_CLOEXEC), "dup3 O_CLOEXEC");
	int fd = fcntl(p[1], F_DUPFD, 60);
	check(fd >= 60, "F_DUPFD >= 60");
	int fd2 = fcntl(p[1], F_DUPFD_CLOEXEC, 70);
	check(fd2 >= 70 && (fcntl(fd2, F_GETFD) & FD_CLOEXEC), "F_DUPFD_CLOEXEC");
	close(fd); close(fd2); close(50); close(51);
	expect_errno(dup2(p[1], -1), EBADF, "dup2 to -1");

	/* stdout redirected and restored. */
	fflush(stdout);
	int saved = dup(1);
	int q[2];
	pipe(q);
	dup2(q[1], 1);
	printf("captured line\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved); close(q[1]);
	ssize_t n = read(q[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	check(n == 14 && strcmp(buf, "captured line\n") == 0, "stdout captured through dup2: %.13s", buf);
	close(q[0]);

	int np[2];
	check(pipe2(np, O_NONBLOCK | O_CLOEXEC) == 0, "pipe2 O_NONBLOCK|O_CLOEXEC");
	check((fcntl(np[0], F_GETFL) & O_NONBLOCK) && (fcntl(np[0], F_GETFD) & FD_CLOEXEC), "flags read back");
	expect_errno(read(np[0], buf, 1), EAGAIN, "read empty non-blocking pipe");
	long total = 0;
	static char chunk[4096];
	for (;;) { ssize_t w = write(np[1], chunk, sizeof chunk); if (w < 0) break; total += w; }
	check(errno == EAGAIN && total >= 4096, "fill non-blocking pipe until EAGAIN");
	int flags = fcntl(np[0], F_GETFL);
	check(fcntl(np[0], F_SETFL, flags & ~O_NONBLOCK) == 0 && !(fcntl(np[0], F_GETFL) & O_NONBLOCK), "clear O_NONBLOCK");
	check(fcntl(np[0], F_GETPIPE_SZ) >= 4096, "F_GETPIPE_SZ");
	close(np[0]); close(np[1]);

	signal(SIGPIPE, on_pipe);
	close(p[0]);
	errno = 0;
	expect_errno(write(p[1], "x", 1), EPIPE, "write to a pipe without reader");
	check(sigpipes == 1, "SIGPIPE delivered");
	close(p[1]);
	check(PIPE_BUF >= 512, "PIPE_BUF");
	return e2e_done();
}
