#include "e2e.h"
#include <sys/socket.h>
#include <unistd.h>
int main(void)
{
	int sv[2];
	CHECK("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK("send", send(sv[0], "ping", 4, 0) == 4);
	char buf[8] = {0};
	CHECK("recv", recv(sv[1], buf, sizeof buf, 0) == 4 && memcmp(buf, "ping", 4) == 0);
	struct msghdr mh = {0};
	struct iovec iov = { "pong!", 5 };
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	CHECK("sendmsg", sendmsg(sv[1], &mh, 0) == 5);
	char in[8] = {0};
	struct iovec iov2 = { in, sizeof in };
	struct msghdr mh2 = { .msg_iov = &iov2, .msg_iovlen = 1 };
	CHECK("recvmsg", recvmsg(sv[0], &mh2, 0) == 5 && memcmp(in, "pong!", 5) == 0);
	int type = 0;
	socklen_t len = sizeof type;
	CHECK("getsockopt SO_TYPE", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
	CHECK("shutdown", shutdown(sv[0], SHUT_WR) == 0);
	CHECK("EOF after shutdown", recv(sv[1], buf, sizeof buf, 0) == 0);
	errno = 0;
	CHECK("send on bad fd sets EBADF", send(9999, "x", 1, 0) == -1 && errno == EBADF);
	errno = 0;
	CHECK("socket bad family sets EAFNOSUPPORT", socket(12345, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
	DONE();
}
