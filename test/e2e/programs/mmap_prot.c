#define _GNU_SOURCE
#include "e2e.h"
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	CHECK("page size", page >= 4096);
	char *p = mmap(0, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap", p != MAP_FAILED);
	strcpy(p, "mapped");
	CHECK("mprotect", mprotect(p, page, PROT_READ) == 0 && strcmp(p, "mapped") == 0);
	mprotect(p, page, PROT_READ | PROT_WRITE); /* mremap needs one mapping with one protection */
	char *q = mremap(p, 4 * page, 8 * page, MREMAP_MAYMOVE);
	CHECK("mremap", q != MAP_FAILED && strcmp(q, "mapped") == 0);
	CHECK("madvise", madvise(q + page, page, MADV_DONTNEED) == 0);
	CHECK("munmap", munmap(q, 8 * page) == 0);
	errno = 0;
	CHECK("mmap bad fd EBADF", mmap(0, page, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED && errno == EBADF);
	void *brk0 = sbrk(0);
	CHECK("sbrk(0) is refused by musl", brk0 == (void *)-1 || brk0 != 0);
	DONE();
}
