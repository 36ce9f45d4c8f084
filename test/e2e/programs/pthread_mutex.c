#include "e2e.h"
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *bump(void *arg) { (void)arg; for (int i = 0; i < 20000; i++) { pthread_mutex_lock(&m); counter++; pthread_mutex_unlock(&m); } return 0; }
int main(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, bump, 0);
	for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
	printf("counter %ld\n", counter);
	CHECK("no lost updates", counter == 80000);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_t e;
	pthread_mutex_init(&e, &a);
	CHECK("lock", pthread_mutex_lock(&e) == 0);
	CHECK("relock EDEADLK", pthread_mutex_lock(&e) == EDEADLK);
	CHECK("trylock from owner EBUSY", pthread_mutex_trylock(&e) == EBUSY);
	CHECK("unlock", pthread_mutex_unlock(&e) == 0);
	CHECK("unlock again EPERM", pthread_mutex_unlock(&e) == EPERM);
	DONE();
}
