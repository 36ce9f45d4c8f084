/* poll, ppoll, select, pselect: timeouts, readiness of pipes, POLLHUP, signal mask in ppoll. */
#include "e2e_check.h"
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/select.h>

static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static volatile sig_atomic_t usr1;
static void on_usr1(int s) { (void)s; usr1++; }

int main(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	check(poll(pf, 2, 0) == 1 && pf[1].revents == POLLOUT && pf[0].revents == 0, "poll: write end ready, read end not");
	long long t0 = mono();
	check(poll(pf, 1, 50) == 0, "poll timeout on empty pipe");
	printf("poll waited >=50ms: %s\n", mono() - t0 >= 50000000LL ? "yes" : "no");
	write(p[1], "x", 1);
	check(poll(pf, 1, -1) == 1 && (pf[0].revents & POLLIN), "poll sees data");

	struct timespec ts = { 0, 30000000 };
	char c; read(p[0], &c, 1);
	t0 = mono();
	check(ppoll(pf, 1, &ts, NULL) == 0, "ppoll timeout");
	printf("ppoll waited >=30ms: %s\n", mono() - t0 >= 30000000LL ? "yes" : "no");
	write(p[1], "y", 1);
	check(ppoll(pf, 1, &ts, NULL) == 1 && (pf[0].revents & POLLIN), "ppoll sees data");
	read(p[0], &c, 1);

	/* ppoll with a mask that unblocks a pending signal: returns EINTR. */
	signal(SIGUSR1, on_usr1);
	sigset_t block, empty;
	sigemptyset(&block); sigaddset(&block, SIGUSR1); sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	struct timespec longer = { 5, 0 };
	int r = ppoll(pf, 1, &longer, &empty);
	check(r == -1 && errno == EINTR && usr1 == 1, "ppoll with an unblocking mask -> EINTR (%s)", errname(errno));

	fd_set rf, wf;
	FD_ZERO(&rf); FD_SET(p[0], &rf);
	struct timeval tv = { 0, 40000 };
	t0 = mono();
	check(select(p[0] + 1, &rf, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &rf), "select timeout");
	printf("select waited >=40ms: %s\n", mono() - t0 >= 40000000LL ? "yes" : "no");
	write(p[1], "z", 1);
	FD_ZERO(&rf); FD_SET(p[0], &rf); FD_ZERO(&wf); FD_SET(p[1], &wf);
	tv.tv_sec = 1; tv.tv_usec = 0;
	check(select(p[1] + 1, &rf, &wf, NULL, &tv) == 2 && FD_ISSET(p[0], &rf) && FD_ISSET(p[1], &wf), "select: both ready");
	read(p[0], &c, 1);
	FD_ZERO(&rf); FD_SET(p[0], &rf);
	struct timespec pts = { 0, 20000000 };
	check(pselect(p[0] + 1, &rf, NULL, NULL, &pts, NULL) == 0, "pselect timeout");
	raise(SIGUSR1);
	FD_ZERO(&rf); FD_SET(p[0], &rf);
	pts.tv_sec = 5;
	r = pselect(p[0] + 1, &rf, NULL, NULL, &pts, &empty);
	check(r == -1 && errno == EINTR && usr1 == 2, "pselect with an unblocking mask -> EINTR");
	FD_ZERO(&rf); FD_SET(p[0], &rf);
	tv.tv_sec = 0; tv.tv_usec = 0;
	close(p[1]);
	check(select(p[0] + 1, &rf, NULL, NULL, &tv) == 1, "select: EOF is readable");
	check(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLHUP), "poll: POLLHUP after writer closed");
	struct pollfd bad = { 12345, POLLIN, 0 };
	check(poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "poll: POLLNVAL for a bad fd");
	int closed = dup(0);
	close(closed);
	FD_ZERO(&rf); FD_SET(closed, &rf);
	tv.tv_sec = 0;
	expect_errno(select(closed + 1, &rf, NULL, NULL, &tv), EBADF, "select with a closed fd");
	tv.tv_usec = -1;
	FD_ZERO(&rf);
	expect_errno(select(1, &rf, NULL, NULL, &tv), EINVAL, "select with a negative timeout");
	return e2e_done();
}
