#include "e2e.h"
#include <pthread.h>
#include <unistd.h>
#include <stdatomic.h>
static atomic_int finished;
static void *quick(void *arg) { (void)arg; atomic_fetch_add(&finished, 1); return 0; }
int main(void)
{
	/* Detached threads unmap their own stack on exit (__unmapself). */
	for (int i = 0; i < 50; i++) {
		pthread_t t;
		CHECK("create", pthread_create(&t, 0, quick, 0) == 0);
		CHECK("detach", pthread_detach(t) == 0);
	}
	for (int i = 0; i < 2000 && atomic_load(&finished) < 50; i++) usleep(1000);
	usleep(20000);
	printf("finished %d\n", atomic_load(&finished));
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_t t;
	CHECK("create detached", pthread_create(&t, &a, quick, 0) == 0);
	for (int i = 0; i < 2000 && atomic_load(&finished) < 51; i++) usleep(1000);
	CHECK("all ran", atomic_load(&finished) == 51);
	DONE();
}
