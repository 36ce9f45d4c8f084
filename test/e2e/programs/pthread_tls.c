/* Thread-local storage: __thread variables per thread (initialised and zero), pthread keys with destructors. */
#include "e2e_check.h"
#include <pthread.h>
#include <stdint.h>

static __thread int tls_init = 1234;
static __thread long tls_zero;
static __thread char tls_buf[64] = "initial";
static pthread_key_t key;
static int destructor_calls;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void destructor(void *v)
{
	pthread_mutex_lock(&mu);
	destructor_calls += (int)(intptr_t)v;
	pthread_mutex_unlock(&mu);
}

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	int ok = tls_init == 1234 && tls_zero == 0 && strcmp(tls_buf, "initial") == 0;
	tls_init = id;
	tls_zero = id * 100;
	snprintf(tls_buf, sizeof tls_buf, "thread %d", id);
	pthread_setspecific(key, (void *)(intptr_t)id);
	for (volatile int i = 0; i < 1000; i++) ;
	ok = ok && tls_init == id && tls_zero == id * 100 && pthread_getspecific(key) == (void *)(intptr_t)id;
	char expect[64];
	snprintf(expect, sizeof expect, "thread %d", id);
	ok = ok && strcmp(tls_buf, expect) == 0;
	return (void *)(intptr_t)ok;
}

int main(void)
{
	check(tls_init == 1234 && tls_zero == 0, "main thread sees initial TLS values");
	check(pthread_key_create(&key, destructor) == 0, "pthread_key_create");
	tls_init = 1;
	pthread_t t[6];
	for (int i = 0; i < 6; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
	int all = 1;
	for (int i = 0; i < 6; i++) { void *r; pthread_join(t[i], &r); if (!r) all = 0; }
	check(all, "each of 6 threads had its own initialised TLS");
	check(tls_init == 1 && tls_zero == 0 && strcmp(tls_buf, "initial") == 0, "main TLS untouched by threads");
	check(destructor_calls == 21, "key destructors ran with each thread's value (sum %d)", destructor_calls);
	check(pthread_getspecific(key) == NULL, "main thread's key value is NULL");
	check(pthread_key_delete(key) == 0, "pthread_key_delete");
	return e2e_done();
}
