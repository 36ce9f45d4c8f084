/* Clocks and sleep: monotonic clock increases, nanosleep/usleep/clock_nanosleep sleep at least as asked. */
#include "e2e_check.h"
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

static long long ns(const struct timespec *t) { return (long long)t->tv_sec * 1000000000LL + t->tv_nsec; }
static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return ns(&t); }

int main(void)
{
	struct timespec a, b, res;
	check(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime MONOTONIC");
	int increasing = 1;
	long long prev = ns(&a);
	for (int i = 0; i < 1000; i++) { long long now = mono(); if (now < prev) increasing = 0; prev = now; }
	check(increasing, "monotonic never goes back over 1000 reads");
	check(clock_gettime(CLOCK_REALTIME, &b) == 0 && b.tv_sec > 1600000000, "realtime after 2020");
	check(time(NULL) >= b.tv_sec && time(NULL) - b.tv_sec < 5, "time() agrees with CLOCK_REALTIME");
	struct timeval tv;
	check(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= b.tv_sec && tv.tv_usec < 1000000, "gettimeofday agrees");
	check(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0, "clock_getres positive");
	struct timespec cpu;
	check(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0, "CLOCK_PROCESS_CPUTIME_ID");
	check(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0, "CLOCK_THREAD_CPUTIME_ID");
	check(clock_gettime(CLOCK_BOOTTIME, &cpu) == 0, "CLOCK_BOOTTIME");
	check(clock_gettime(CLOCK_MONOTONIC_COARSE, &cpu) == 0, "CLOCK_MONOTONIC_COARSE");
	expect_errno(clock_gettime((clockid_t)12345, &cpu), EINVAL, "clock_gettime bad clock");

	long long t0 = mono();
	struct timespec req = { 0, 50 * 1000000L }, rem;
	check(nanosleep(&req, &rem) == 0, "nanosleep 50ms");
	long long el = mono() - t0;
	printf("nanosleep elapsed>=50ms: %s\n", el >= 50000000LL ? "yes" : "no");
	check(el >= 50000000LL, "nanosleep slept long enough");

	t0 = mono();
	check(usleep(30000) == 0, "usleep 30ms");
	printf("usleep elapsed>=30ms: %s\n", mono() - t0 >= 30000000LL ? "yes" : "no");

	t0 = mono();
	req.tv_nsec = 20 * 1000000L;
	check(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0, "clock_nanosleep relative 20ms");
	printf("clock_nanosleep elapsed>=20ms: %s\n", mono() - t0 >= 20000000LL ? "yes" : "no");

	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 30 * 1000000L;
	if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
	check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0, "clock_nanosleep absolute");
	printf("absolute deadline reached: %s\n", mono() >= ns(&until) ? "yes" : "no");

	req.tv_sec = 0; req.tv_nsec = 2000000000L;
	expect_errno(nanosleep(&req, NULL), EINVAL, "nanosleep tv_nsec out of range");
	check(sleep(0) == 0, "sleep(0)");
	t0 = mono();
	check(sleep(1) == 0, "sleep(1)");
	printf("sleep elapsed>=1s: %s\n", mono() - t0 >= 1000000000LL ? "yes" : "no");

	struct tm tm;
	time_t fixed = 1700000000;
	gmtime_r(&fixed, &tm);
	char s[64];
	strftime(s, sizeof s, "%Y-%m-%d %H:%M:%S", &tm);
	printf("gmtime(1700000000) = %s\n", s);
	check(timegm(&tm) == fixed, "timegm round trip");
	clock_t c = clock();
	check(c != (clock_t)-1, "clock()");
	return e2e_done();
}
