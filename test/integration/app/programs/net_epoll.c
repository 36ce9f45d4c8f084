/* A small client: name lookup, a TCP connection, epoll. Its socket calls reach backend functions
 * an early unikernel backend lacks (sendto, recvfrom, the epoll family). */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int dial(const char *host, const char *port)
{
	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
	int fd = socket(res->ai_family, res->ai_socktype, 0);
	if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

int fetch(const char *host)
{
	char buf[512];
	int fd = dial(host, "80");
	if (fd < 0) return -1;
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	send(fd, "GET / HTTP/1.0\r\n\r\n", 18, 0);
	ssize_t n = 0;
	if (epoll_wait(ep, &ev, 1, 1000) == 1) n = recv(fd, buf, sizeof buf, 0);
	close(ep);
	close(fd);
	return (int)n;
}

int main(int argc, char **argv)
{
	printf("%d\n", fetch(argc > 1 ? argv[1] : "localhost"));
	return 0;
}
