/* errno from libc itself and from the backend's -E returns (no files exist in ring 0 or here). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	errno = 0;
	long v = strtol("99999999999999999999999", 0, 10);
	printf("strtol: %ld %s\n", v, strerror(errno));
	errno = 0;
	int fd = open("/does/not/exist", O_RDONLY);
	printf("open: %d %s\n", fd, strerror(errno));
	errno = 0;
	printf("close(12345): %d %s\n", close(12345), strerror(errno));
	errno = 0;
	printf("write(-1): %zd %s\n", write(-1, "x", 1), strerror(errno));
	errno = 0;
	FILE *f = fopen("/nope", "r");
	printf("fopen: %s %s\n", f ? "file" : "null", strerror(errno));
	return 0;
}
