#include "e2e.h"
#include <pthread.h>
#include <unistd.h>
static pthread_barrier_t b;
static void *worker(void *arg)
{
	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, 0);
	pthread_barrier_wait(&b);
	pthread_barrier_wait(&b); /* main cancels between the two waits */
	/* Disabled: close() still works and is not a cancellation point now. */
	int ok = close(-1) == -1 && errno == EBADF;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, 0);
	pthread_testcancel();
	return (void *)(long)(ok ? 2 : 3);
}
int main(void)
{
	pthread_barrier_init(&b, 0, 2);
	pthread_t t;
	pthread_create(&t, 0, worker, 0);
	pthread_barrier_wait(&b);
	CHECK("cancel while disabled", pthread_cancel(t) == 0);
	pthread_barrier_wait(&b);
	void *r;
	pthread_join(t, &r);
	CHECK("acted on at pthread_testcancel", r == PTHREAD_CANCELED);
	DONE();
}
