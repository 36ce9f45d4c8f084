#include "e2e.h"
#include <pthread.h>
#include <time.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int queue[100], head, tail, done;
static void *produce(void *arg) { (void)arg; for (int i = 1; i <= 100; i++) { pthread_mutex_lock(&m); queue[tail++] = i; pthread_cond_signal(&c); pthread_mutex_unlock(&m); } return 0; }
int main(void)
{
	pthread_t p;
	pthread_create(&p, 0, produce, 0);
	long sum = 0;
	pthread_mutex_lock(&m);
	while (done < 100) {
		while (head == tail) pthread_cond_wait(&c, &m);
		sum += queue[head++];
		done++;
	}
	pthread_mutex_unlock(&m);
	pthread_join(p, 0);
	printf("sum %ld\n", sum);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 10000000;
	if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
	pthread_mutex_lock(&m);
	CHECK("timedwait times out", pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
	pthread_mutex_unlock(&m);
	DONE();
}
