#include "e2e.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void)
{
	char dir[] = "/tmp/mp-e2e-XXXXXX";
	CHECK("mkdtemp", mkdtemp(dir) != 0);
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK("open dir", dfd >= 0);
	int fd = openat(dfd, "target", O_CREAT | O_WRONLY, 0640);
	CHECK("openat", fd >= 0 && write(fd, "1234567", 7) == 7 && close(fd) == 0);
	struct stat st;
	CHECK("fstatat", fstatat(dfd, "target", &st, 0) == 0 && st.st_size == 7 && (st.st_mode & 0777) == 0640);
	CHECK("symlinkat", symlinkat("target", dfd, "link") == 0);
	CHECK("lstat is a link", fstatat(dfd, "link", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode));
	char buf[32] = {0};
	CHECK("readlinkat", readlinkat(dfd, "link", buf, sizeof buf) == 6 && strcmp(buf, "target") == 0);
	CHECK("linkat", linkat(dfd, "target", dfd, "hard", 0) == 0 && fstatat(dfd, "target", &st, 0) == 0 && st.st_nlink == 2);
	CHECK("fchmodat", fchmodat(dfd, "target", 0600, 0) == 0 && fstatat(dfd, "target", &st, 0) == 0 && (st.st_mode & 0777) == 0600);
	struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	CHECK("utimensat", utimensat(dfd, "target", ts, 0) == 0 && fstatat(dfd, "target", &st, 0) == 0 && st.st_mtime == 1000000000);
	CHECK("unlinkat", unlinkat(dfd, "link", 0) == 0 && unlinkat(dfd, "hard", 0) == 0 && unlinkat(dfd, "target", 0) == 0);
	close(dfd);
	CHECK("rmdir", rmdir(dir) == 0);
	DONE();
}
