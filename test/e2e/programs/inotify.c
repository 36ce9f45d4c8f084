/* inotify: watch a directory, create/modify/delete a file, read and decode the events. */
#include "e2e_check.h"
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/stat.h>

int main(void)
{
	mkdir("watched", 0755);
	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	check(in >= 0, "inotify_init1");
	int wd = inotify_add_watch(in, "watched", IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE);
	check(wd >= 0, "inotify_add_watch");
	char ev[4096] __attribute__((aligned(8)));
	expect_errno(read(in, ev, sizeof ev), EAGAIN, "no events yet");
	int fd = open("watched/new.txt", O_CREAT | O_WRONLY, 0600);
	write(fd, "x", 1);
	close(fd);
	unlink("watched/new.txt");
	struct pollfd pf = { in, POLLIN, 0 };
	check(poll(&pf, 1, 2000) == 1, "events ready");
	usleep(20000);
	ssize_t n = read(in, ev, sizeof ev);
	check(n > 0, "read events");
	for (char *p = ev; n > 0 && p < ev + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		printf("event: %s%s%s%s name=%s\n", e->mask & IN_CREATE ? "CREATE" : "", e->mask & IN_MODIFY ? "MODIFY" : "",
		       e->mask & IN_CLOSE_WRITE ? "CLOSE_WRITE" : "", e->mask & IN_DELETE ? "DELETE" : "", e->len ? e->name : "");
		p += sizeof *e + e->len;
	}
	check(inotify_rm_watch(in, wd) == 0, "inotify_rm_watch");
	expect_errno(inotify_rm_watch(in, wd), EINVAL, "rm_watch twice");
	expect_errno(inotify_add_watch(in, "missing", IN_CREATE), ENOENT, "watch a missing path");
	close(in);
	rmdir("watched");
	return e2e_done();
}
