#include "e2e.h"
#include <pthread.h>
#include <unistd.h>
static volatile int started;
static void *sleeper(void *arg) { (void)arg; started = 1; sleep(100); return (void *)1; }
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, sleeper, 0);
	while (!started) usleep(1000);
	usleep(20000);
	CHECK("pthread_cancel", pthread_cancel(t) == 0);
	void *r;
	CHECK("join", pthread_join(t, &r) == 0);
	CHECK("sleeping thread was cancelled", r == PTHREAD_CANCELED);
	DONE();
}
