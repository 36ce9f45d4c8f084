#include "e2e.h"
#include <fcntl.h>
#include <unistd.h>
int main(void)
{
	char dir[] = "/tmp/mp-e2e-XXXXXX";
	CHECK("mkdtemp", mkdtemp(dir) != 0);
	char path[64];
	snprintf(path, sizeof path, "%s/f", dir);
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK("open O_CREAT", fd >= 0);
	CHECK("write", write(fd, "hello, file\n", 12) == 12);
	CHECK("lseek", lseek(fd, 7, SEEK_SET) == 7);
	char buf[16] = {0};
	CHECK("read", read(fd, buf, sizeof buf) == 5);
	printf("read back: %s", buf);
	CHECK("close", close(fd) == 0);
	CHECK("access", access(path, R_OK | W_OK) == 0);
	CHECK("rename", rename(path, "/tmp/mp-e2e-renamed") == 0 && rename("/tmp/mp-e2e-renamed", path) == 0);
	CHECK("unlink", unlink(path) == 0);
	CHECK("rmdir", rmdir(dir) == 0);
	DONE();
}
