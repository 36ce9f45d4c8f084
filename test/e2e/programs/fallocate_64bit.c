/* 64-bit file arguments (DESIGN §3): posix_fallocate, fallocate, posix_fadvise, readahead,
 * sync_file_range, ftruncate/pread/pwrite/lseek beyond 4 GiB on a sparse temp file. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#define GiB (1024LL * 1024 * 1024)

int main(void)
{
	check(sizeof(off_t) == 8, "off_t is 64-bit");
	int fd = open("falloc.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (!check(fd >= 0, "open temp file")) return e2e_done();
	struct stat st;

	int r = posix_fallocate(fd, 0, 1 << 20);
	check(r == 0, "posix_fallocate(0, 1 MiB) = %s", errname(r));
	check(fstat(fd, &st) == 0 && st.st_size == (1 << 20), "size 1 MiB after posix_fallocate");
	check(st.st_blocks >= (1 << 20) / 512, "blocks allocated");
	r = posix_fallocate(fd, 5 * GiB, 4096);
	check(r == 0, "posix_fallocate at 5 GiB = %s", errname(r));
	fstat(fd, &st);
	check(st.st_size == 5 * GiB + 4096, "size = 5 GiB + 4096 (%s)", st.st_size == 5 * GiB + 4096 ? "exact" : "wrong");
	r = posix_fallocate(fd, -1, 10);
	check(r == EINVAL, "posix_fallocate negative offset -> %s", errname(r));

	check(fallocate(fd, 0, 2 << 20, 1 << 20) == 0, "fallocate(2 MiB, 1 MiB)");
	check(fallocate(fd, FALLOC_FL_KEEP_SIZE, 6 * GiB, 8192) == 0 && fstat(fd, &st) == 0 && st.st_size == 5 * GiB + 4096,
	      "fallocate KEEP_SIZE at 6 GiB keeps the size");
	check(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096) == 0, "fallocate PUNCH_HOLE");
	expect_errno(fallocate(fd, 0, 0, 0), EINVAL, "fallocate zero length");

	r = posix_fadvise(fd, 0, 1 << 20, POSIX_FADV_SEQUENTIAL);
	check(r == 0, "posix_fadvise SEQUENTIAL = %s", errname(r));
	r = posix_fadvise(fd, 5 * GiB, 4096, POSIX_FADV_DONTNEED);
	check(r == 0, "posix_fadvise DONTNEED at 5 GiB = %s", errname(r));
	r = posix_fadvise(fd, 0, 0, 12345);
	check(r == EINVAL, "posix_fadvise bad advice -> %s", errname(r));
	r = posix_fadvise(-1, 0, 0, POSIX_FADV_NORMAL);
	check(r == EBADF, "posix_fadvise bad fd -> %s", errname(r));

	check(readahead(fd, 0, 1 << 20) == 0, "readahead(0, 1 MiB)");
	check(readahead(fd, 5 * GiB, 4096) == 0, "readahead at 5 GiB");
	expect_errno(readahead(-1, 0, 10), EBADF, "readahead bad fd");

	check(pwrite(fd, "far away", 8, 5 * GiB + 100) == 8, "pwrite at 5 GiB + 100");
	char buf[16] = {0};
	check(pread(fd, buf, 8, 5 * GiB + 100) == 8 && memcmp(buf, "far away", 8) == 0, "pread at 5 GiB + 100");
	check(lseek(fd, 5 * GiB + 100, SEEK_SET) == 5 * GiB + 100, "lseek to 5 GiB + 100");
	memset(buf, 0, sizeof buf);
	check(read(fd, buf, 8) == 8 && memcmp(buf, "far away", 8) == 0, "read after lseek");
	check(lseek(fd, 0, SEEK_CUR) == 5 * GiB + 108, "offset is 5 GiB + 108");
	check(sync_file_range(fd, 5 * GiB, 4096, SYNC_FILE_RANGE_WRITE) == 0, "sync_file_range at 5 GiB");
	check(sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) == 0, "sync_file_range whole file");
	expect_errno(sync_file_range(fd, -1, 10, SYNC_FILE_RANGE_WRITE), EINVAL, "sync_file_range negative offset");

	check(ftruncate(fd, 4 * GiB + 1) == 0 && fstat(fd, &st) == 0 && st.st_size == 4 * GiB + 1, "ftruncate to 4 GiB + 1");
	check(lseek(fd, 0, SEEK_END) == 4 * GiB + 1, "SEEK_END = 4 GiB + 1");
	off_t data = lseek(fd, 3 * GiB, SEEK_DATA);
	check(data == -1 ? errno == ENXIO : data >= 3 * GiB, "SEEK_DATA past the allocated regions");
	check(truncate("falloc.bin", 3 * GiB) == 0 && stat("falloc.bin", &st) == 0 && st.st_size == 3 * GiB, "truncate by path to 3 GiB");
	close(fd);
	unlink("falloc.bin");
	return e2e_done();
}
