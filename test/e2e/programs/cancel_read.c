#include "e2e.h"
#include <pthread.h>
#include <unistd.h>
static int fds[2];
static volatile int started, cleaned;
static void cleanup(void *arg) { (void)arg; cleaned = 1; }
static void *reader(void *arg)
{
	(void)arg;
	char c;
	pthread_cleanup_push(cleanup, 0);
	started = 1;
	read(fds[0], &c, 1);
	pthread_cleanup_pop(0);
	return (void *)1;
}
int main(void)
{
	CHECK("pipe", pipe(fds) == 0);
	pthread_t t;
	pthread_create(&t, 0, reader, 0);
	while (!started) usleep(1000);
	usleep(20000);
	CHECK("pthread_cancel", pthread_cancel(t) == 0);
	void *r;
	CHECK("join", pthread_join(t, &r) == 0);
	CHECK("thread blocked in read was cancelled", r == PTHREAD_CANCELED);
	CHECK("cleanup handler ran", cleaned);
	DONE();
}
