/* mmap/mprotect/munmap/mremap/madvise/msync/mincore; mprotect made visible by catching SIGSEGV. */
#include "e2e_check.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile sig_atomic_t faults;
static void on_segv(int s) { (void)s; faults++; siglongjmp(jb, 1); }

static int try_write(volatile char *p)
{
	if (sigsetjmp(jb, 1)) return 0;
	*p = 42;
	return 1;
}

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t len = 16 * pg;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED && ((uintptr_t)p % pg) == 0, "mmap 16 anonymous pages");
	int zero = 1;
	for (size_t i = 0; i < len; i++) if (p[i]) { zero = 0; break; }
	check(zero, "anonymous memory is zero");
	memset(p, 0xab, len);

	struct sigaction sa = { 0 };
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	check(try_write(p + pg) == 1, "write before mprotect");
	check(mprotect(p + pg, pg, PROT_READ) == 0, "mprotect page 1 read-only");
	check(try_write(p + pg) == 0 && faults == 1, "write to read-only page faults");
	check((unsigned char)p[pg + 5] == 0xab, "read-only page still readable");
	check(try_write(p + 2 * pg) == 1, "neighbour page still writable");
	check(mprotect(p + pg, pg, PROT_READ | PROT_WRITE) == 0 && try_write(p + pg) == 1, "mprotect back to read-write");
	check(mprotect(p + 3 * pg, pg, PROT_NONE) == 0, "mprotect PROT_NONE");
	check(try_write(p + 3 * pg) == 0 && faults == 2, "PROT_NONE faults");
	errno = 0;
	int ur = mprotect(p + 1, pg, PROT_READ | PROT_WRITE); /* musl rounds the start down */
	printf("mprotect unaligned -> %d errno=%s\n", ur, errname(errno));

	unsigned char vec[16];
	errno = 0;
	vec[0] = 0;
	int mc = mincore(p, len, vec); /* qemu-i386 fails it: printed, compared between the libcs */
	printf("mincore -> %d errno=%s, touched page resident: %s\n", mc, errname(errno), vec[0] & 1 ? "yes" : "no");
	check(madvise(p, len, MADV_DONTNEED) == 0 && p[0] == 0, "MADV_DONTNEED zero-fills private anonymous memory");
	check(munmap(p, len) == 0, "munmap");
	errno = 0;
	void *gone = mremap(p, len, 2 * len, 0);
	/* Linux says EFAULT, qemu-user ENOMEM: printed, compared between the libcs. */
	check(gone == MAP_FAILED, "mremap of an unmapped range fails: %s", errname(errno));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(p + pg, "kept by mremap");
	char *q = mremap(p, len, 64 * pg, MREMAP_MAYMOVE);
	check(q != MAP_FAILED && strcmp(q + pg, "kept by mremap") == 0, "mremap grow to 64 pages keeps contents");
	if (q != MAP_FAILED) { q[64 * pg - 1] = 1; p = q; len = 64 * pg; }
	check(munmap(p, len) == 0, "munmap the remapped block"); /* (shrinking with mremap crashes qemu-i386) */
	expect_errno(munmap(p + 1, pg), EINVAL, "munmap unaligned");
	expect_errno(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL, "mmap length 0");
	expect_errno(mmap(NULL, pg, PROT_READ, MAP_SHARED, 12345, 0) == MAP_FAILED ? -1 : 0, EBADF, "mmap bad fd");

	int fd = open("map.bin", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 2 * pg);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(m != MAP_FAILED, "mmap shared file");
	strcpy(m + pg, "written through the map");
	check(msync(m, 2 * pg, MS_SYNC) == 0, "msync");
	char buf[32] = {0};
	check(pread(fd, buf, 23, pg) == 23 && strcmp(buf, "written through the map") == 0, "file sees the mapped write");
	char *off = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg);
	check(off != MAP_FAILED && strcmp(off, "written through the map") == 0, "mmap with a page offset");
	munmap(off, pg); munmap(m, 2 * pg); close(fd); unlink("map.bin");

	char *big = mmap(NULL, 256u << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	check(big != MAP_FAILED, "reserve 256 MiB PROT_NONE");
	check(mprotect(big + (128u << 20), pg, PROT_READ | PROT_WRITE) == 0 && try_write(big + (128u << 20)) == 1, "commit one page in the middle");
	check(munmap(big, 256u << 20) == 0, "munmap 256 MiB");
	check(mlock(&zero, sizeof zero) == 0 || errno == EPERM || errno == ENOMEM, "mlock answers");
	munlock(&zero, sizeof zero);
	return e2e_done();
}
