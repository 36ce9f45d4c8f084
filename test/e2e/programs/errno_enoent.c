#include "e2e.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void)
{
	errno = 0;
	CHECK("open missing ENOENT", open("/nonexistent/mp-e2e", O_RDONLY) == -1 && errno == ENOENT);
	struct stat st;
	errno = 0;
	CHECK("stat missing ENOENT", stat("/nonexistent/mp-e2e", &st) == -1 && errno == ENOENT);
	errno = 0;
	CHECK("unlink missing ENOENT", unlink("/nonexistent/mp-e2e") == -1 && errno == ENOENT);
	errno = 0;
	CHECK("fopen missing ENOENT", fopen("/nonexistent/mp-e2e", "r") == 0 && errno == ENOENT);
	errno = 0;
	CHECK("mkdir EEXIST", mkdir("/tmp", 0700) == -1 && errno == EEXIST);
	errno = 0;
	CHECK("chdir ENOTDIR", chdir("/dev/null") == -1 && errno == ENOTDIR);
	DONE();
}
