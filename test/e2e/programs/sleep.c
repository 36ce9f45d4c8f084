#include "e2e.h"
#include <unistd.h>
#include <time.h>
int main(void)
{
	CHECK("usleep", usleep(10000) == 0);
	CHECK("sleep(0)", sleep(0) == 0);
	struct timespec t = { 0, 5000000 };
	CHECK("clock_nanosleep", clock_nanosleep(CLOCK_MONOTONIC, 0, &t, 0) == 0);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_nsec += 5000000;
	if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
	CHECK("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, 0) == 0);
	DONE();
}
