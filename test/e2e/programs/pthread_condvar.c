/* Condition variables: bounded-buffer producer/consumer, broadcast, timed wait timeout; barriers, rwlock, sem. */
#include "e2e_check.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

enum { CAP = 8, ITEMS = 20000, CONSUMERS = 3 };
static int buf[CAP], head, tail, count, done;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long long consumed_sum[CONSUMERS];
static int consumed_n[CONSUMERS];

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&mu);
		while (count == CAP) pthread_cond_wait(&not_full, &mu);
		buf[tail] = i; tail = (tail + 1) % CAP; count++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&mu);
	}
	pthread_mutex_lock(&mu);
	done = 1;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void *consumer(void *arg)
{
	int id = *(int *)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (count == 0 && !done) pthread_cond_wait(&not_empty, &mu);
		if (count == 0 && done) { pthread_mutex_unlock(&mu); break; }
		int v = buf[head]; head = (head + 1) % CAP; count--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&mu);
		consumed_sum[id] += v; consumed_n[id]++;
	}
	return NULL;
}

static pthread_barrier_t bar;
static int serial_count;
static void *barrier_thread(void *arg)
{
	(void)arg;
	if (pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD) __atomic_fetch_add(&serial_count, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static sem_t sem;
static void *sem_poster(void *arg) { (void)arg; for (int i = 0; i < 5; i++) sem_post(&sem); return NULL; }

int main(void)
{
	pthread_t p, c[CONSUMERS];
	int ids[CONSUMERS];
	for (int i = 0; i < CONSUMERS; i++) { ids[i] = i; pthread_create(&c[i], NULL, consumer, &ids[i]); }
	pthread_create(&p, NULL, producer, NULL);
	pthread_join(p, NULL);
	long long sum = 0; int n = 0;
	for (int i = 0; i < CONSUMERS; i++) { pthread_join(c[i], NULL); sum += consumed_sum[i]; n += consumed_n[i]; }
	check(n == ITEMS && sum == (long long)ITEMS * (ITEMS + 1) / 2, "consumers got %d items, sum %lld", n, sum);

	pthread_cond_t cv;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cv, &ca);
	struct timespec start, deadline, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	deadline = start;
	deadline.tv_nsec += 50000000;
	if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
	pthread_mutex_lock(&mu);
	int r = pthread_cond_timedwait(&cv, &mu, &deadline);
	pthread_mutex_unlock(&mu);
	clock_gettime(CLOCK_MONOTONIC, &end);
	long long el = (end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
	check(r == ETIMEDOUT, "pthread_cond_timedwait -> %s", r == ETIMEDOUT ? "ETIMEDOUT" : "other");
	printf("timedwait elapsed>=50ms: %s\n", el >= 50000000LL ? "yes" : "no");

	pthread_barrier_init(&bar, NULL, 4);
	pthread_t bt[3];
	for (int i = 0; i < 3; i++) pthread_create(&bt[i], NULL, barrier_thread, NULL);
	barrier_thread(NULL);
	for (int i = 0; i < 3; i++) pthread_join(bt[i], NULL);
	check(serial_count == 1, "exactly one barrier serial thread");
	pthread_barrier_destroy(&bar);

	pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
	check(pthread_rwlock_rdlock(&rw) == 0 && pthread_rwlock_tryrdlock(&rw) == 0, "two read locks");
	check(pthread_rwlock_trywrlock(&rw) == EBUSY, "write lock busy while read-locked");
	pthread_rwlock_unlock(&rw); pthread_rwlock_unlock(&rw);
	check(pthread_rwlock_wrlock(&rw) == 0 && pthread_rwlock_tryrdlock(&rw) == EBUSY, "read lock busy while write-locked");
	pthread_rwlock_unlock(&rw);

	sem_init(&sem, 0, 0);
	pthread_t sp;
	pthread_create(&sp, NULL, sem_poster, NULL);
	for (int i = 0; i < 5; i++) sem_wait(&sem);
	pthread_join(sp, NULL);
	int val = -1;
	check(sem_getvalue(&sem, &val) == 0 && val == 0, "semaphore consumed 5 posts");
	check(sem_trywait(&sem) == -1 && errno == EAGAIN, "sem_trywait -> EAGAIN");
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	rt.tv_nsec += 20000000;
	if (rt.tv_nsec >= 1000000000) { rt.tv_sec++; rt.tv_nsec -= 1000000000; }
	expect_errno(sem_timedwait(&sem, &rt), ETIMEDOUT, "sem_timedwait");
	return e2e_done();
}
