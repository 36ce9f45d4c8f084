#include "e2e.h"
#include <time.h>
#include <sys/time.h>
int main(void)
{
	struct timespec a, b, r;
	CHECK("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	CHECK("clock_gettime REALTIME after 2020", clock_gettime(CLOCK_REALTIME, &r) == 0 && r.tv_sec > 1577836800);
	struct timespec req = { 0, 20 * 1000 * 1000 };
	CHECK("nanosleep 20ms", nanosleep(&req, 0) == 0);
	CHECK("clock_gettime again", clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
	CHECK("monotonic advanced >= 20ms", ns >= 20 * 1000 * 1000);
	struct timeval tv;
	CHECK("gettimeofday", gettimeofday(&tv, 0) == 0 && tv.tv_sec > 1577836800);
	CHECK("time()", time(0) > 1577836800);
	CHECK("clock_getres", clock_getres(CLOCK_MONOTONIC, &r) == 0 && r.tv_sec == 0 && r.tv_nsec > 0);
	errno = 0;
	CHECK("clock_gettime bad clock EINVAL", clock_gettime(12345, &r) == -1 && errno == EINVAL);
	DONE();
}
