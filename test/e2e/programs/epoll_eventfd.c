#include "e2e.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <stdint.h>
int main(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK("epoll_create1", ep >= 0);
	int ev = eventfd(0, EFD_NONBLOCK);
	CHECK("eventfd", ev >= 0);
	struct epoll_event e = { .events = EPOLLIN, .data.u32 = 77 };
	CHECK("epoll_ctl ADD", epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e) == 0);
	struct epoll_event out[2];
	CHECK("epoll_wait nothing", epoll_wait(ep, out, 2, 0) == 0);
	uint64_t one = 3;
	CHECK("eventfd write", write(ev, &one, 8) == 8);
	CHECK("epoll_wait ready", epoll_wait(ep, out, 2, 100) == 1 && out[0].data.u32 == 77);
	uint64_t got = 0;
	CHECK("eventfd read", read(ev, &got, 8) == 8 && got == 3);
	int tf = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 0 }, { 0, 5000000 } };
	CHECK("timerfd_settime", tf >= 0 && timerfd_settime(tf, 0, &its, 0) == 0);
	uint64_t ticks = 0;
	CHECK("timerfd read", read(tf, &ticks, 8) == 8 && ticks == 1);
	DONE();
}
