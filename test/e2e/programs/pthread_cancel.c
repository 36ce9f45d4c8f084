/* pthread_cancel of threads blocked in cancellable calls (sleep, read, cond_wait, nanosleep, poll),
 * cleanup handlers, disabled cancellation, and pthread_testcancel. A watchdog alarm kills the process
 * (a different exit status) if a cancel never acts. */
#include "e2e_check.h"
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static volatile int ready;
static int cleanups;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int pipefd[2];

static void cleanup(void *arg) { (void)arg; __atomic_fetch_add(&cleanups, 1, __ATOMIC_SEQ_CST); }
static void unlock_cleanup(void *arg) { cleanup(arg); pthread_mutex_unlock(&mu); }

static void *in_sleep(void *a) { (void)a; pthread_cleanup_push(cleanup, NULL); ready = 1; sleep(100); pthread_cleanup_pop(0); return (void *)1; }
static void *in_read(void *a)
{
	(void)a; char c;
	pthread_cleanup_push(cleanup, NULL); ready = 1; read(pipefd[0], &c, 1); pthread_cleanup_pop(0);
	return (void *)1;
}
static void *in_condwait(void *a)
{
	(void)a;
	pthread_mutex_lock(&mu);
	pthread_cleanup_push(unlock_cleanup, NULL);
	ready = 1;
	for (;;) pthread_cond_wait(&cv, &mu);
	pthread_cleanup_pop(1);
	return (void *)1;
}
static void *in_nanosleep(void *a)
{
	(void)a; struct timespec ts = { 100, 0 };
	pthread_cleanup_push(cleanup, NULL); ready = 1; nanosleep(&ts, NULL); pthread_cleanup_pop(0);
	return (void *)1;
}
static void *in_poll(void *a)
{
	(void)a; struct pollfd p = { pipefd[0], POLLIN, 0 };
	pthread_cleanup_push(cleanup, NULL); ready = 1; poll(&p, 1, 100000); pthread_cleanup_pop(0);
	return (void *)1;
}
static void *disabled(void *a)
{
	(void)a; int old;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	ready = 1;
	usleep(100000); /* the cancel arrives here and must not act */
	ready = 2;
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	return (void *)1;
}

static void run(const char *name, void *(*fn)(void *))
{
	pthread_t t;
	void *ret = NULL;
	ready = 0;
	int before = cleanups;
	pthread_create(&t, NULL, fn, NULL);
	while (!ready) usleep(1000);
	usleep(20000); /* let it block */
	int rc = pthread_cancel(t);
	pthread_join(t, &ret);
	check(rc == 0 && ret == PTHREAD_CANCELED, "cancel of a thread in %s: %s", name, ret == PTHREAD_CANCELED ? "cancelled" : "NOT cancelled");
	if (fn != disabled) check(cleanups == before + 1, "cleanup handler ran for %s", name);
	else check(ready == 2, "disabled cancellation deferred the cancel until enabled");
}

int main(void)
{
	alarm(30);
	pipe(pipefd);
	run("sleep", in_sleep);
	run("read", in_read);
	run("pthread_cond_wait", in_condwait);
	check(pthread_mutex_trylock(&mu) == 0, "mutex released by the cleanup handler");
	pthread_mutex_unlock(&mu);
	run("nanosleep", in_nanosleep);
	run("poll", in_poll);
	run("disabled state", disabled);
	int old;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	int rc = pthread_cancel(pthread_self());
	check(rc == 0, "self-cancel request with cancellation disabled; main thread survives");
	return e2e_done();
}
