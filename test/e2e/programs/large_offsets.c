#include "e2e.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void)
{
	char path[] = "/tmp/mp-e2e-big-XXXXXX";
	int fd = mkstemp(path);
	CHECK("mkstemp", fd >= 0);
	off_t five_g = (off_t)5 << 30;
	CHECK("pwrite at 5 GiB", pwrite(fd, "far", 3, five_g) == 3);
	struct stat st;
	CHECK("sparse size", fstat(fd, &st) == 0 && st.st_size == five_g + 3);
	CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END) == five_g + 3);
	char b[4] = {0};
	CHECK("pread at 5 GiB", pread(fd, b, 3, five_g) == 3 && strcmp(b, "far") == 0);
	CHECK("ftruncate to 6 GiB", ftruncate(fd, (off_t)6 << 30) == 0 && fstat(fd, &st) == 0 && st.st_size == (off_t)6 << 30);
	CHECK("truncate by path", truncate(path, 10) == 0 && stat(path, &st) == 0 && st.st_size == 10);
	close(fd);
	unlink(path);
	DONE();
}
