/* AF_UNIX: socketpair stream and datagram, sendmsg/recvmsg with SCM_RIGHTS fd passing, shutdown, bound path. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	int sv[2];
	char buf[64];
	check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair stream");
	check(write(sv[0], "ping", 4) == 4 && read(sv[1], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0, "ping one way");
	check(send(sv[1], "pong", 4, 0) == 4 && recv(sv[0], buf, sizeof buf, 0) == 4 && memcmp(buf, "pong", 4) == 0, "pong back");
	check(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN, "MSG_DONTWAIT on empty -> EAGAIN");
	check(send(sv[0], "peek", 4, 0) == 4 && recv(sv[1], buf, 4, MSG_PEEK) == 4 && recv(sv[1], buf, 4, 0) == 4, "MSG_PEEK then read");
	int type = 0; socklen_t len = sizeof type;
	check(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM, "SO_TYPE = SOCK_STREAM");

	/* Pass a file descriptor. */
	int fd = open("passed.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
	write(fd, "content of passed file", 22);
	struct msghdr msg = { 0 };
	struct iovec iov = { "x", 1 };
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
	memset(&u, 0, sizeof u);
	msg.msg_iov = &iov; msg.msg_iovlen = 1;
	msg.msg_control = u.b; msg.msg_controllen = sizeof u.b;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	check(sendmsg(sv[0], &msg, 0) == 1, "sendmsg with SCM_RIGHTS");
	close(fd);
	struct msghdr in = { 0 };
	char x;
	struct iovec iin = { &x, 1 };
	union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u2;
	in.msg_iov = &iin; in.msg_iovlen = 1; in.msg_control = u2.b; in.msg_controllen = sizeof u2.b;
	check(recvmsg(sv[1], &in, 0) == 1 && x == 'x', "recvmsg");
	struct cmsghdr *rc = CMSG_FIRSTHDR(&in);
	int got = -1;
	if (rc && rc->cmsg_type == SCM_RIGHTS) memcpy(&got, CMSG_DATA(rc), sizeof got);
	memset(buf, 0, sizeof buf);
	check(got >= 0 && pread(got, buf, 22, 0) == 22 && strcmp(buf, "content of passed file") == 0, "received fd reads the file");
	close(got);
	unlink("passed.txt");

	check(shutdown(sv[0], SHUT_WR) == 0, "shutdown SHUT_WR");
	check(read(sv[1], buf, sizeof buf) == 0, "peer reads EOF");
	close(sv[0]); close(sv[1]);

	int dg[2];
	check(socketpair(AF_UNIX, SOCK_DGRAM, 0, dg) == 0, "socketpair dgram");
	send(dg[0], "one", 3, 0); send(dg[0], "three", 5, 0);
	check(recv(dg[1], buf, sizeof buf, 0) == 3 && recv(dg[1], buf, sizeof buf, 0) == 5, "datagram boundaries kept");
	close(dg[0]); close(dg[1]);

	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	strcpy(sa.sun_path, "sock");
	check(bind(s, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(s, 1) == 0, "bind+listen on a path");
	int cl = socket(AF_UNIX, SOCK_STREAM, 0);
	check(connect(cl, (struct sockaddr *)&sa, sizeof sa) == 0, "connect to the path");
	int ac = accept4(s, NULL, NULL, SOCK_CLOEXEC);
	check(ac >= 0 && (fcntl(ac, F_GETFD) & FD_CLOEXEC), "accept4 SOCK_CLOEXEC");
	check(write(cl, "hi", 2) == 2 && read(ac, buf, 2) == 2, "data through the path socket");
	struct sockaddr_un peer; socklen_t pl = sizeof peer;
	check(getsockname(s, (struct sockaddr *)&peer, &pl) == 0 && strcmp(peer.sun_path, "sock") == 0, "getsockname path = %s", peer.sun_path);
	close(ac); close(cl); close(s);
	expect_errno(bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&sa, sizeof sa), EADDRINUSE, "bind existing path");
	unlink("sock");
	return e2e_done();
}
