#include "e2e.h"
#include <pthread.h>
static void *work(void *arg) { long n = (long)arg, s = 0; for (long i = 1; i <= n; i++) s += i; return (void *)s; }
int main(void)
{
	pthread_t t[8];
	for (long i = 0; i < 8; i++) CHECK("pthread_create", pthread_create(&t[i], 0, work, (void *)(1000 * (i + 1))) == 0);
	long total = 0;
	for (int i = 0; i < 8; i++) { void *r; CHECK("pthread_join", pthread_join(t[i], &r) == 0); total += (long)r; }
	printf("total %ld\n", total);
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 1 << 20);
	pthread_t big;
	void *r;
	CHECK("create with 1 MiB stack", pthread_create(&big, &a, work, (void *)10L) == 0 && pthread_join(big, &r) == 0 && (long)r == 55);
	CHECK("pthread_self equal", pthread_equal(pthread_self(), pthread_self()));
	DONE();
}
