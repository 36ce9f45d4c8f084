#include "e2e.h"
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
/* musl's internal PTHREAD_CANCEL_MASKED (2), which pthread_setcancelstate accepts: a pending
 * cancel makes cancellation points fail with ECANCELED instead of acting, except close(), which
 * musl's __syscall_cp_c performs as a plain call by comparing the syscall with SYS_close. The
 * patched libc compares the backend function instead: close must still close the descriptor. */
#define CANCEL_MASKED 2
static void *worker(void *arg)
{
	(void)arg;
	int p[2], q[2];
	if (pipe(p) || pipe(q)) return (void *)1;
	pthread_setcancelstate(CANCEL_MASKED, 0);
	pthread_cancel(pthread_self()); /* pending: deferred and masked */
	int closed = close(p[0]) == 0 && fcntl(p[0], F_GETFD) == -1 && errno == EBADF;
	char c;
	int canceled = read(q[0], &c, 1) == -1 && errno == ECANCELED;
	return (void *)(long)((closed ? 1 : 0) | (canceled ? 2 : 0) | 4);
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, worker, 0);
	void *r;
	pthread_join(t, &r);
	long bits = (long)r;
	CHECK("thread returned normally", (bits & 4) != 0);
	CHECK("close() with a masked pending cancel closes the descriptor", (bits & 1) != 0);
	CHECK("read() with a masked pending cancel fails with ECANCELED", (bits & 2) != 0);
	DONE();
}
