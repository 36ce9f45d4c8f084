/* Moving data between descriptors: sendfile with offsets, copy_file_range, splice/tee/vmsplice, dup'ed offsets. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>

int main(void)
{
	int src = open("src.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char data[8192];
	for (int i = 0; i < (int)sizeof data; i++) data[i] = (char)('a' + i % 26);
	write(src, data, sizeof data);
	int dst = open("dst.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	off_t off = 100;
	check(sendfile(dst, src, &off, 1000) == 1000 && off == 1100, "sendfile 1000 bytes from offset 100 (off now 1100)");
	char buf[1100];
	check(pread(dst, buf, 1000, 0) == 1000 && memcmp(buf, data + 100, 1000) == 0, "sendfile copied the right bytes");
	lseek(src, 8000, SEEK_SET);
	check(sendfile(dst, src, NULL, 1000) == 192, "sendfile without offset stops at EOF (192)");

	off_t in_off = 4096, out_off = 3 * 1000;
	ssize_t n = copy_file_range(src, &in_off, dst, &out_off, 500, 0);
	check(n == 500 && in_off == 4596 && out_off == 3500, "copy_file_range 500 bytes with 64-bit offsets");
	check(pread(dst, buf, 500, 3000) == 500 && memcmp(buf, data + 4096, 500) == 0, "copy_file_range copied the right bytes");
	off_t far = 5LL << 30;
	in_off = 0;
	check(copy_file_range(src, &in_off, dst, &far, 10, 0) == 10 && far == (5LL << 30) + 10, "copy_file_range to offset 5 GiB");
	struct stat st;
	check(fstat(dst, &st) == 0 && st.st_size == (5LL << 30) + 10, "destination size 5 GiB + 10");

	int p[2], q[2];
	pipe(p); pipe(q);
	loff_t soff = 26;
	check(splice(src, &soff, p[1], NULL, 52, 0) == 52 && soff == 78, "splice file -> pipe from offset 26");
	check(tee(p[0], q[1], 52, 0) == 52, "tee pipe -> pipe");
	check(read(q[0], buf, 52) == 52 && memcmp(buf, data + 26, 52) == 0, "tee'd copy matches");
	loff_t doff = 20000;
	check(splice(p[0], NULL, dst, &doff, 52, 0) == 52 && doff == 20052, "splice pipe -> file at 20000");
	check(pread(dst, buf, 52, 20000) == 52 && memcmp(buf, data + 26, 52) == 0, "spliced bytes in the file");
	struct iovec iov = { "vmsplice!", 9 };
	check(vmsplice(p[1], &iov, 1, 0) == 9 && read(p[0], buf, 9) == 9 && memcmp(buf, "vmsplice!", 9) == 0, "vmsplice");
	expect_errno(splice(src, NULL, dst, NULL, 10, 0), EINVAL, "splice file -> file");

	int d = dup(src);
	lseek(src, 10, SEEK_SET);
	check(lseek(d, 0, SEEK_CUR) == 10, "dup shares the file offset");
	close(d); close(src); close(dst);
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
	unlink("src.bin"); unlink("dst.bin");
	return e2e_done();
}
