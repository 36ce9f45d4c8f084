/* errno from socket calls: ECONNREFUSED, EADDRINUSE, EAFNOSUPPORT, ENOTSOCK, ENOTCONN, EBADF, EINPROGRESS. */
#include "e2e_check.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>

int main(void)
{
	/* A port that was just free: bind to :0, read it, close. */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	bind(s, (struct sockaddr *)&a, sizeof a);
	getsockname(s, (struct sockaddr *)&a, &al);
	close(s);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	expect_errno(connect(c, (struct sockaddr *)&a, sizeof a), ECONNREFUSED, "connect to a closed port");
	close(c);

	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in b = { .sin_family = AF_INET };
	b.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t bl = sizeof b;
	bind(l, (struct sockaddr *)&b, sizeof b);
	getsockname(l, (struct sockaddr *)&b, &bl);
	listen(l, 1);
	int l2 = socket(AF_INET, SOCK_STREAM, 0);
	expect_errno(bind(l2, (struct sockaddr *)&b, sizeof b), EADDRINUSE, "bind to a port in use");
	close(l2);
	expect_errno(bind(l, (struct sockaddr *)&a, sizeof a), EINVAL, "bind an already bound socket");

	expect_errno(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT, "socket(12345, ...)");
	expect_errno(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT, "socket(AF_INET, STREAM, IPPROTO_UDP)");
	int fd = open(".", O_RDONLY);
	expect_errno(listen(fd, 1), ENOTSOCK, "listen on a directory fd");
	expect_errno(connect(fd, (struct sockaddr *)&a, sizeof a), ENOTSOCK, "connect on a directory fd");
	char buf[4];
	expect_errno(recv(fd, buf, sizeof buf, 0), ENOTSOCK, "recv on a directory fd");
	close(fd);
	expect_errno(send(9999, "x", 1, 0), EBADF, "send on a bad fd");
	expect_errno(accept(9999, NULL, NULL), EBADF, "accept on a bad fd");
	int u = socket(AF_INET, SOCK_STREAM, 0);
	expect_errno(send(u, "x", 1, MSG_NOSIGNAL), EPIPE, "send on an unconnected stream socket");
	struct sockaddr_in p; socklen_t pl = sizeof p;
	expect_errno(getpeername(u, (struct sockaddr *)&p, &pl), ENOTCONN, "getpeername unconnected");
	expect_errno(shutdown(u, SHUT_RDWR), ENOTCONN, "shutdown unconnected");
	int v; socklen_t vl = sizeof v;
	expect_errno(getsockopt(u, SOL_SOCKET, 12345, &v, &vl), ENOPROTOOPT, "getsockopt bad option");
	close(u);

	/* Non-blocking connect to a listener: EINPROGRESS or success, then writable. */
	int nb = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int r = connect(nb, (struct sockaddr *)&b, sizeof b);
	int e = errno;
	check(r == 0 || e == EINPROGRESS, "non-blocking connect: started");
	struct pollfd pf = { nb, POLLOUT, 0 };
	check(poll(&pf, 1, 5000) == 1 && (pf.revents & POLLOUT), "connection completes (POLLOUT)");
	int soerr = -1; socklen_t sl = sizeof soerr;
	check(getsockopt(nb, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0, "SO_ERROR = 0");
	int ac = accept(l, NULL, NULL);
	check(ac >= 0, "accept");
	char rb[4];
	expect_errno(recv(nb, rb, sizeof rb, 0), EAGAIN, "recv on empty non-blocking socket");
	close(ac); close(nb); close(l);
	int ud = socket(AF_INET, SOCK_DGRAM, 0);
	expect_errno(send(ud, "x", 1, 0), EDESTADDRREQ, "send on unconnected UDP");
	close(ud);
	return e2e_done();
}
