/* eventfd counters and semaphore mode; timerfd one-shot and periodic expirations, gettime, cancel. */
#include "e2e_check.h"
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
	int e = eventfd(3, EFD_NONBLOCK);
	check(e >= 0, "eventfd(3)");
	uint64_t v;
	check(write(e, &(uint64_t){ 4 }, 8) == 8, "write 4");
	ssize_t rn = read(e, &v, 8);
	check(rn == 8 && v == 7, "read sums to %llu", (unsigned long long)v);
	expect_errno(read(e, &v, 8), EAGAIN, "read again empty");
	expect_errno(write(e, &(uint64_t){ UINT64_MAX }, 8), EINVAL, "write UINT64_MAX");
	expect_errno(read(e, &v, 4), EINVAL, "read of 4 bytes");
	close(e);
	int s = eventfd(2, EFD_SEMAPHORE | EFD_CLOEXEC);
	check(read(s, &v, 8) == 8 && v == 1 && read(s, &v, 8) == 8 && v == 1, "semaphore mode reads 1 each time");
	check(eventfd_write(s, 5) == 0 && eventfd_read(s, &v) == 0 && v == 1, "eventfd_write/eventfd_read");
	close(s);

	int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	check(t >= 0, "timerfd_create");
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } }, cur;
	long long t0 = mono();
	check(timerfd_settime(t, 0, &its, NULL) == 0, "one-shot 30ms");
	check(timerfd_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_interval.tv_nsec == 0, "timerfd_gettime");
	check(read(t, &v, 8) == 8 && v == 1, "one expiration");
	printf("timerfd fired after >=30ms: %s\n", mono() - t0 >= 30000000LL ? "yes" : "no");
	its.it_interval.tv_nsec = 10000000; its.it_value.tv_nsec = 10000000;
	check(timerfd_settime(t, 0, &its, NULL) == 0, "periodic 10ms");
	struct timespec sl = { 0, 55000000 };
	nanosleep(&sl, NULL);
	rn = read(t, &v, 8);
	check(rn == 8 && v >= 5, "periodic: >=5 expirations after 55ms (%s)", v >= 5 ? "yes" : "no");
	struct itimerspec zero = { 0 };
	check(timerfd_settime(t, 0, &zero, &cur) == 0 && cur.it_interval.tv_nsec == 10000000, "disarm returns the old interval");
	struct pollfd pf = { t, POLLIN, 0 };
	check(poll(&pf, 1, 30) == 0, "disarmed timer never fires");
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct itimerspec abs = { { 0, 0 }, { now.tv_sec + 1, now.tv_nsec } };
	int rt = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	check(timerfd_settime(rt, TFD_TIMER_ABSTIME, &abs, NULL) == 0, "absolute realtime timer");
	expect_errno(read(rt, &v, 8), EAGAIN, "not expired yet");
	expect_errno(timerfd_create(12345, 0), EINVAL, "timerfd_create bad clock");
	close(rt); close(t);
	return e2e_done();
}
