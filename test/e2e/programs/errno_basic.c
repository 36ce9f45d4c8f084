/* errno semantics: close(12345) is EBADF, missing file is ENOENT, errno untouched on success, strerror. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

int main(void)
{
	errno = 0;
	int r = close(12345);
	expect_errno(r, EBADF, "close(12345)");
	errno = 0;
	r = open("definitely-missing-file", O_RDONLY);
	expect_errno(r, ENOENT, "open missing file");
	errno = 12345;
	r = access(".", F_OK);
	check(r == 0 && errno == 12345, "success leaves errno alone");
	expect_errno(dup(-1), EBADF, "dup(-1)");
	expect_errno(write(-5, "x", 1), EBADF, "write(-5)");
	expect_errno(chdir("definitely-missing-dir"), ENOENT, "chdir missing");
	expect_errno(rmdir("."), EINVAL, "rmdir(\".\")");
	char name[300];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = 0;
	expect_errno(open(name, O_RDONLY), ENAMETOOLONG, "open 299-char name");
	struct stat st;
	expect_errno(stat("", &st), ENOENT, "stat(\"\")");
	expect_errno(fstat(9999, &st), EBADF, "fstat(9999)");
	expect_errno(lseek(0, 0, 99), EINVAL, "lseek whence 99");
	printf("strerror(EBADF)=%s\n", strerror(EBADF));
	printf("strerror(ENOENT)=%s\n", strerror(ENOENT));
	printf("strerror(0)=%s\n", strerror(0));
	errno = EBADF;
	perror("perror goes to stderr");
	char buf[64];
	check(strerror_r(ENOENT, buf, sizeof buf) == 0, "strerror_r: %s", buf);
	return e2e_done();
}
