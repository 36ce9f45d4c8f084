#include "e2e.h"
#include <unistd.h>
#include <fcntl.h>
int main(void)
{
	errno = 0;
	CHECK("close(12345) fails", close(12345) == -1);
	CHECK("close(12345) sets EBADF", errno == EBADF);
	errno = 0;
	char c;
	CHECK("read(-1) EBADF", read(-1, &c, 1) == -1 && errno == EBADF);
	errno = 0;
	CHECK("write(999) EBADF", write(999, "x", 1) == -1 && errno == EBADF);
	errno = 0;
	CHECK("fcntl(777) EBADF", fcntl(777, F_GETFL) == -1 && errno == EBADF);
	errno = 0;
	CHECK("dup2 bad EBADF", dup2(4321, 5) == -1 && errno == EBADF);
	DONE();
}
