#include "e2e.h"
#include <pthread.h>
#include <unistd.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int started, cleaned_with_lock;
static void cleanup(void *arg)
{
	(void)arg;
	/* The cancelled waiter holds the mutex again when its cleanup runs. */
	cleaned_with_lock = pthread_mutex_trylock(&m) == EBUSY;
	pthread_mutex_unlock(&m);
}
static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	pthread_cleanup_push(cleanup, 0);
	started = 1;
	for (;;) pthread_cond_wait(&c, &m);
	pthread_cleanup_pop(0);
	return 0;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, waiter, 0);
	while (!started) usleep(1000);
	usleep(20000);
	CHECK("pthread_cancel", pthread_cancel(t) == 0);
	void *r;
	CHECK("join", pthread_join(t, &r) == 0);
	CHECK("condvar waiter was cancelled", r == PTHREAD_CANCELED);
	CHECK("cleanup ran with the mutex held", cleaned_with_lock);
	CHECK("mutex free again", pthread_mutex_trylock(&m) == 0);
	DONE();
}
