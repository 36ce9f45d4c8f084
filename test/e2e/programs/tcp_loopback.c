/* Loopback TCP and UDP: bind 127.0.0.1:0, getsockname, listen, connect, accept, send/recv, options. */
#include "e2e_check.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/socket.h>

static int listener;
static void *server(void *arg)
{
	(void)arg;
	struct sockaddr_in peer; socklen_t pl = sizeof peer;
	int c = accept(listener, (struct sockaddr *)&peer, &pl);
	if (c < 0) return (void *)0;
	char buf[4096]; long total = 0; ssize_t n;
	while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
		total += n;
		if (send(c, buf, n, 0) != n) break; /* echo */
	}
	close(c);
	return (void *)total;
}

int main(void)
{
	listener = socket(AF_INET, SOCK_STREAM, 0);
	check(listener >= 0, "socket AF_INET stream");
	int one = 1;
	check(setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0, "SO_REUSEADDR");
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	check(bind(listener, (struct sockaddr *)&a, sizeof a) == 0, "bind 127.0.0.1:0");
	socklen_t al = sizeof a;
	check(getsockname(listener, (struct sockaddr *)&a, &al) == 0 && ntohs(a.sin_port) != 0, "getsockname gives a port");
	char ip[32];
	check(inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip) && strcmp(ip, "127.0.0.1") == 0, "address %s", ip);
	check(listen(listener, 4) == 0, "listen");

	pthread_t t;
	pthread_create(&t, NULL, server, NULL);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	check(connect(c, (struct sockaddr *)&a, sizeof a) == 0, "connect");
	check(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0, "TCP_NODELAY");
	int v = 0; socklen_t vl = sizeof v;
	check(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v, &vl) == 0 && v != 0, "getsockopt TCP_NODELAY");
	struct sockaddr_in peer; socklen_t pl = sizeof peer;
	check(getpeername(c, (struct sockaddr *)&peer, &pl) == 0 && peer.sin_port == a.sin_port, "getpeername = server port");

	char out[10000], in[10000];
	for (int i = 0; i < (int)sizeof out; i++) out[i] = (char)(i * 7);
	check(send(c, out, sizeof out, 0) == (ssize_t)sizeof out, "send 10000 bytes");
	long got = 0;
	while (got < (long)sizeof in) {
		ssize_t n = recv(c, in + got, sizeof in - got, 0);
		if (n <= 0) break;
		got += n;
	}
	check(got == (long)sizeof in && memcmp(in, out, sizeof in) == 0, "echo of 10000 bytes intact");
	check(sendto(c, "tail", 4, 0, NULL, 0) == 4, "sendto on a connected socket");
	got = 0;
	while (got < 4) { ssize_t n = recvfrom(c, in + got, 4 - got, 0, NULL, NULL); if (n <= 0) break; got += n; }
	check(got == 4 && memcmp(in, "tail", 4) == 0, "recvfrom echo");
	shutdown(c, SHUT_WR);
	check(recv(c, in, sizeof in, 0) == 0, "EOF after shutdown");
	void *total;
	pthread_join(t, &total);
	check((long)total == 10004, "server received %ld bytes", (long)total);
	close(c);
	close(listener);

	/* UDP. */
	int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = { .sin_family = AF_INET }; ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t ul = sizeof ua;
	check(bind(u1, (struct sockaddr *)&ua, sizeof ua) == 0 && getsockname(u1, (struct sockaddr *)&ua, &ul) == 0, "udp bind");
	check(sendto(u2, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua) == 8, "udp sendto");
	struct sockaddr_in from; socklen_t fl = sizeof from; char b[16];
	check(recvfrom(u1, b, sizeof b, 0, (struct sockaddr *)&from, &fl) == 8 && memcmp(b, "datagram", 8) == 0 &&
	      from.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "udp recvfrom with sender address");
	struct mmsghdr mm[2]; struct iovec iv[2] = { { "m1", 2 }, { "m22", 3 } };
	memset(mm, 0, sizeof mm);
	for (int i = 0; i < 2; i++) { mm[i].msg_hdr.msg_iov = &iv[i]; mm[i].msg_hdr.msg_iovlen = 1; mm[i].msg_hdr.msg_name = &ua; mm[i].msg_hdr.msg_namelen = sizeof ua; }
	check(sendmmsg(u2, mm, 2, 0) == 2, "sendmmsg 2 datagrams");
	char r1[8], r2[8]; struct iovec ri[2] = { { r1, 8 }, { r2, 8 } }; struct mmsghdr rm[2];
	memset(rm, 0, sizeof rm);
	for (int i = 0; i < 2; i++) { rm[i].msg_hdr.msg_iov = &ri[i]; rm[i].msg_hdr.msg_iovlen = 1; }
	struct timespec to = { 2, 0 };
	int k = recvmmsg(u1, rm, 2, MSG_WAITFORONE, &to);
	if (k == 1) k += recvmmsg(u1, rm + 1, 1, 0, &to);
	check(k == 2 && rm[0].msg_len == 2 && rm[1].msg_len == 3, "recvmmsg got 2 datagrams (%d)", k);
	close(u1); close(u2);
	return e2e_done();
}
