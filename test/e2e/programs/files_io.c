/* Files: open/read/write/lseek/fstat/pread/pwrite/readv/writev/ftruncate/rename/unlink in a mkdtemp dir. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void)
{
	char dir[] = "files-XXXXXX", path[64], path2[64], buf[128];
	if (!check(mkdtemp(dir) != NULL, "mkdtemp")) return e2e_done();
	snprintf(path, sizeof path, "%s/a.txt", dir);
	snprintf(path2, sizeof path2, "%s/b.txt", dir);

	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0640);
	expect_ok(fd, "open O_CREAT|O_EXCL");
	expect_errno(open(path, O_RDWR | O_CREAT | O_EXCL, 0640), EEXIST, "open existing with O_EXCL");
	const char *msg = "hello, file\n";
	check(write(fd, msg, strlen(msg)) == (ssize_t)strlen(msg), "write %zu bytes", strlen(msg));
	check(lseek(fd, 0, SEEK_CUR) == 12, "lseek SEEK_CUR = 12");
	check(lseek(fd, 0, SEEK_SET) == 0, "lseek SEEK_SET 0");
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, sizeof buf) == 12 && strcmp(buf, msg) == 0, "read back: %.11s", buf);
	check(read(fd, buf, sizeof buf) == 0, "read at EOF returns 0");
	check(lseek(fd, 100, SEEK_END) == 112, "lseek past end = 112");
	check(write(fd, "X", 1) == 1, "write after hole");
	struct stat st;
	int fr = fstat(fd, &st);
	check(fr == 0 && st.st_size == 113 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640,
	      "fstat size=%lld regular=%d mode=%o", (long long)st.st_size, S_ISREG(st.st_mode), (unsigned)(st.st_mode & 0777));
	check(pread(fd, buf, 5, 7) == 5 && memcmp(buf, "file\n", 5) == 0, "pread at offset 7");
	check(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite at offset 0");
	check(lseek(fd, 0, SEEK_CUR) == 113, "pwrite leaves offset alone");
	check(pread(fd, buf, 12, 0) == 12 && memcmp(buf, "HELLO, file\n", 12) == 0, "pread sees pwrite");
	check(pread(fd, buf, 4, 50) == 4 && buf[0] == 0 && buf[3] == 0, "hole reads as zeros");

	struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
	lseek(fd, 0, SEEK_SET);
	check(writev(fd, iov, 3) == 14, "writev 3 buffers");
	char a[4], b[4], c[6];
	struct iovec riov[3] = { { a, 4 }, { b, 4 }, { c, 6 } };
	lseek(fd, 0, SEEK_SET);
	check(readv(fd, riov, 3) == 14 && memcmp(a, "one ", 4) == 0 && memcmp(c, "three\n", 6) == 0, "readv 3 buffers");
	check(preadv(fd, riov, 1, 4) == 4 && memcmp(a, "two ", 4) == 0, "preadv at offset 4");
	check(ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10, "ftruncate to 10");
	check(fsync(fd) == 0, "fsync");
	check(fdatasync(fd) == 0, "fdatasync");
	check(close(fd) == 0, "close");
	expect_errno(read(fd, buf, 1), EBADF, "read on closed fd");

	check(rename(path, path2) == 0, "rename a -> b");
	expect_errno(open(path, O_RDONLY), ENOENT, "open old name");
	fr = stat(path2, &st);
	check(fr == 0 && st.st_size == 10, "stat new name size=%lld", (long long)st.st_size);
	check(truncate(path2, 3) == 0 && stat(path2, &st) == 0 && st.st_size == 3, "truncate by path");
	fd = open(path2, O_WRONLY | O_APPEND);
	check(write(fd, "++", 2) == 2 && lseek(fd, 0, SEEK_CUR) == 5, "O_APPEND writes at end");
	close(fd);
	fd = open(path2, O_WRONLY | O_TRUNC);
	check(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties");
	expect_errno(read(fd, buf, 1), EBADF, "read on write-only fd");
	close(fd);
	expect_errno(lseek(0 + 1000, 0, SEEK_SET), EBADF, "lseek on bad fd");
	int p[2];
	if (pipe(p) == 0) { expect_errno(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on pipe"); close(p[0]); close(p[1]); }
	check(unlink(path2) == 0, "unlink");
	expect_errno(unlink(path2), ENOENT, "unlink twice");
	check(rmdir(dir) == 0, "rmdir temp dir");
	return e2e_done();
}
