#include "e2e.h"
#include <unistd.h>
#include <poll.h>
#include <fcntl.h>
#include <sys/select.h>
int main(void)
{
	int p[2];
	CHECK("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0);
	char c;
	errno = 0;
	CHECK("empty nonblocking read EAGAIN", read(p[0], &c, 1) == -1 && errno == EAGAIN);
	struct pollfd pf = { p[0], POLLIN, 0 };
	CHECK("poll not ready", poll(&pf, 1, 0) == 0);
	CHECK("write", write(p[1], "abc", 3) == 3);
	CHECK("poll ready", poll(&pf, 1, 100) == 1 && (pf.revents & POLLIN));
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	struct timeval tv = { 0, 0 };
	CHECK("select ready", select(p[0] + 1, &rs, 0, 0, &tv) == 1);
	char buf[4] = {0};
	CHECK("read", read(p[0], buf, 3) == 3 && strcmp(buf, "abc") == 0);
	CHECK("F_GETFD cloexec", fcntl(p[0], F_GETFD) == FD_CLOEXEC);
	int d = dup(p[1]);
	CHECK("dup", d > p[1]);
	CHECK("dup2", dup2(d, 20) == 20 && close(20) == 0 && close(d) == 0);
	DONE();
}
