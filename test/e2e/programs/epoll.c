/* epoll: create1, ctl add/mod/del, wait with timeout, edge-triggered, epoll_pwait with a signal mask. */
#include "e2e_check.h"
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>

static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static volatile sig_atomic_t usr1;
static void on_usr1(int s) { (void)s; usr1++; }

int main(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	check(ep >= 0, "epoll_create1");
	check(epoll_create(1) >= 0, "epoll_create");
	int a[2], b[2];
	pipe(a); pipe(b);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1111 };
	check(epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev) == 0, "add pipe a");
	ev.data.u64 = 0x2222;
	check(epoll_ctl(ep, EPOLL_CTL_ADD, b[0], &ev) == 0, "add pipe b");
	expect_errno(epoll_ctl(ep, EPOLL_CTL_ADD, b[0], &ev), EEXIST, "add twice");
	struct epoll_event out[4];
	check(epoll_wait(ep, out, 4, 0) == 0, "nothing ready");
	long long t0 = mono();
	check(epoll_wait(ep, out, 4, 40) == 0, "timeout 40ms");
	printf("epoll_wait waited >=40ms: %s\n", mono() - t0 >= 40000000LL ? "yes" : "no");
	write(b[1], "x", 1);
	int n = epoll_wait(ep, out, 4, 1000);
	check(n == 1 && out[0].data.u64 == 0x2222 && (out[0].events & EPOLLIN), "pipe b ready with its data");
	write(a[1], "y", 1);
	n = epoll_wait(ep, out, 4, 1000);
	check(n == 2, "both ready: %d", n);
	ev.events = EPOLLIN | EPOLLET; ev.data.u64 = 0x3333;
	check(epoll_ctl(ep, EPOLL_CTL_MOD, a[0], &ev) == 0, "mod to edge-triggered");
	check(epoll_ctl(ep, EPOLL_CTL_DEL, b[0], NULL) == 0, "del pipe b");
	n = epoll_wait(ep, out, 4, 0);
	check(n == 1 && out[0].data.u64 == 0x3333, "edge: reported once after MOD");
	check(epoll_wait(ep, out, 4, 0) == 0, "edge: not reported again");
	write(a[1], "z", 1);
	check(epoll_wait(ep, out, 4, 0) == 1, "edge: new data, new event");
	expect_errno(epoll_ctl(ep, EPOLL_CTL_DEL, b[0], NULL), ENOENT, "del not registered");
	expect_errno(epoll_ctl(ep, EPOLL_CTL_ADD, 9999, &ev), EBADF, "add bad fd");
	expect_errno(epoll_wait(ep, out, 0, 0), EINVAL, "maxevents 0");

	signal(SIGUSR1, on_usr1);
	sigset_t block, empty;
	sigemptyset(&block); sigaddset(&block, SIGUSR1); sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &block, NULL);
	int ep2 = epoll_create1(0);
	raise(SIGUSR1);
	int r = epoll_pwait(ep2, out, 4, 5000, &empty);
	check(r == -1 && errno == EINTR && usr1 == 1, "epoll_pwait unblocks a pending signal -> EINTR (%s)", errname(errno));
	check(epoll_pwait(ep2, out, 4, 0, NULL) == 0, "epoll_pwait no mask, nothing ready");
	close(ep2); close(ep);
	return e2e_done();
}
