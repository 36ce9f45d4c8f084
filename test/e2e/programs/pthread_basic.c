/* pthreads: create/join with return values, a mutex-protected counter across threads, detach, attrs. */
#include "e2e_check.h"
#include <pthread.h>
#include <unistd.h>
#include <stdint.h>

enum { THREADS = 4, ITER = 20000 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static volatile int detached_ran;

static void *worker(void *arg)
{
	for (int i = 0; i < ITER; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return (void *)((intptr_t)arg * 10);
}

static void *tid_thread(void *arg)
{
	*(long *)arg = gettid();
	return NULL;
}

static void *detached(void *arg) { (void)arg; detached_ran = 1; return NULL; }

static void *big_stack(void *arg)
{
	volatile char buf[512 * 1024];
	buf[0] = 1; buf[sizeof buf - 1] = 2;
	return (void *)(intptr_t)(buf[0] + buf[sizeof buf - 1] + (intptr_t)arg);
}

int main(void)
{
	pthread_t t[THREADS];
	for (intptr_t i = 0; i < THREADS; i++) check(pthread_create(&t[i], NULL, worker, (void *)i) == 0, "pthread_create %d", (int)i);
	int rets_ok = 1;
	for (intptr_t i = 0; i < THREADS; i++) {
		void *ret;
		if (pthread_join(t[i], &ret) != 0 || ret != (void *)(i * 10)) rets_ok = 0;
	}
	check(rets_ok, "pthread_join returned each thread's value");
	check(counter == THREADS * ITER, "mutex counter = %ld", counter);

	long child_tid = 0;
	pthread_t tt;
	pthread_create(&tt, NULL, tid_thread, &child_tid);
	pthread_join(tt, NULL);
	check(child_tid > 0 && child_tid != gettid(), "a thread has its own tid");
	check(pthread_equal(pthread_self(), pthread_self()) && !pthread_equal(pthread_self(), tt), "pthread_equal");

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t d;
	check(pthread_create(&d, &attr, detached, NULL) == 0, "create detached thread");
	for (int i = 0; i < 2000 && !detached_ran; i++) usleep(1000);
	check(detached_ran, "detached thread ran");
	pthread_attr_destroy(&attr);

	pthread_attr_init(&attr);
	check(pthread_attr_setstacksize(&attr, 2 << 20) == 0, "setstacksize 2 MiB");
	pthread_t b;
	void *bret;
	check(pthread_create(&b, &attr, big_stack, (void *)5) == 0 && pthread_join(b, &bret) == 0 && bret == (void *)8,
	      "thread using 512 KiB of stack");
	pthread_attr_destroy(&attr);

	pthread_mutex_t m;
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &ma);
	check(pthread_mutex_lock(&m) == 0, "errorcheck lock");
	check(pthread_mutex_lock(&m) == EDEADLK, "errorcheck relock -> EDEADLK");
	check(pthread_mutex_trylock(&m) == EBUSY, "trylock -> EBUSY");
	check(pthread_mutex_unlock(&m) == 0 && pthread_mutex_unlock(&m) == EPERM, "unlock twice -> EPERM");
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_t r;
	pthread_mutex_init(&r, &ma);
	check(pthread_mutex_lock(&r) == 0 && pthread_mutex_lock(&r) == 0 && pthread_mutex_unlock(&r) == 0 && pthread_mutex_unlock(&r) == 0,
	      "recursive mutex");
	return e2e_done();
}
