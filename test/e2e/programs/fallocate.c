#define _GNU_SOURCE
#include "e2e.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void)
{
	char path[] = "/tmp/mp-e2e-falloc-XXXXXX";
	int fd = mkstemp(path);
	CHECK("mkstemp", fd >= 0);
	/* 64-bit offset/length: split in two registers on i386, one on 64-bit arches. */
	CHECK("posix_fallocate 1 MiB at 4 KiB", posix_fallocate(fd, 4096, 1 << 20) == 0);
	struct stat st;
	CHECK("size grew", fstat(fd, &st) == 0 && st.st_size == 4096 + (1 << 20));
	CHECK("posix_fadvise", posix_fadvise(fd, 0, 4096, POSIX_FADV_SEQUENTIAL) == 0);
	CHECK("ftruncate", ftruncate(fd, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100);
	CHECK("pwrite", pwrite(fd, "xyz", 3, 50) == 3);
	char b[4] = {0};
	CHECK("pread", pread(fd, b, 3, 50) == 3 && strcmp(b, "xyz") == 0);
	close(fd);
	unlink(path);
	DONE();
}
