/*
 * Memory for the program: one arena [lo, hi) of identity-mapped RAM.
 *   [lo, lo + brk_max)   the brk heap (mallocng keeps only its metadata there: 1/16 is plenty);
 *   the rest             4 KiB pages for mmap, tracked in a bitmap (first fit).
 * Anonymous mappings only; new mappings are zero-filled, as Linux guarantees.
 */
#define _GNU_SOURCE  /* MREMAP_* */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "ring0.h"

#define PAGE 4096ul
#define MAX_PAGES (1ul << 20)  /* 4 GiB of mmap space at most */

static uintptr_t brk_lo, brk_cur, brk_max;
static uintptr_t map_lo;
static size_t map_pages;
static uint8_t used[MAX_PAGES / 8];

static int is_used(size_t p) { return used[p / 8] >> (p % 8) & 1; }
static void set_used(size_t p, int on)
{
	if (on) used[p / 8] |= 1 << (p % 8);
	else used[p / 8] &= ~(1 << (p % 8));
}
static void mark(size_t first, size_t n, int on)
{
	for (size_t i = 0; i < n; i++) set_used(first + i, on);
}

void ring0_memory_init(uintptr_t lo, uintptr_t hi)
{
	lo = (lo + PAGE - 1) & ~(PAGE - 1);
	hi &= ~(PAGE - 1);
	brk_lo = brk_cur = lo;
	brk_max = (hi - lo) / 16 & ~(PAGE - 1);
	map_lo = lo + brk_max;
	map_pages = (hi - map_lo) / PAGE;
	if (map_pages > MAX_PAGES) map_pages = MAX_PAGES;
}

long syscall_SYS_brk(long addr)
{
	uintptr_t a = addr;
	if (a >= brk_lo && a <= brk_lo + brk_max) {
		if (a > brk_cur) memset((void *)brk_cur, 0, a - brk_cur);
		brk_cur = a;
	}
	return brk_cur;  /* Linux returns the (possibly unchanged) break */
}

static long find_free(size_t n)
{
	for (size_t p = 0, run = 0; p < map_pages; p++) {
		run = is_used(p) ? 0 : run + 1;
		if (run == n) return p + 1 - n;
	}
	return -1;
}

static int in_map(uintptr_t a, size_t len)
{
	return a >= map_lo && a % PAGE == 0 && len <= map_pages * PAGE && a - map_lo <= map_pages * PAGE - len;
}

long syscall_SYS_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	(void)prot; (void)off;
	if (len <= 0) return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) return fd < 0 ? -EBADF : -ENODEV;  /* no files here */
	size_t n = ((size_t)len + PAGE - 1) / PAGE;
	long first;
	if (flags & MAP_FIXED) {
		if (!in_map(addr, n * PAGE)) return -ENOMEM;
		first = (addr - map_lo) / PAGE;
	} else if ((first = find_free(n)) < 0) {
		return -ENOMEM;
	}
	mark(first, n, 1);
	void *p = (void *)(map_lo + first * PAGE);
	memset(p, 0, n * PAGE);
	return (long)p;
}

/*
 * The name as musl writes the token: __init_tls.c says SYS_mmap2 and, on 64-bit arches that have
 * no mmap2, `#define SYS_mmap2 SYS_mmap` — so this is plain mmap with a byte offset.
 */
long syscall_SYS_mmap2(long addr, long len, long prot, long flags, long fd, long off)
{
	return syscall_SYS_mmap(addr, len, prot, flags, fd, off);
}

long syscall_SYS_munmap(long addr, long len)
{
	if (len <= 0 || addr % PAGE) return -EINVAL;
	size_t n = ((size_t)len + PAGE - 1) / PAGE;
	if (in_map(addr, n * PAGE)) mark((addr - map_lo) / PAGE, n, 0);
	return 0;  /* unmapping what was never mapped is not an error on Linux either */
}

long syscall_SYS_mremap(long old, long old_len, long new_len, long flags, long new_addr)
{
	(void)new_addr;
	size_t on = ((size_t)old_len + PAGE - 1) / PAGE, nn = ((size_t)new_len + PAGE - 1) / PAGE;
	if (!in_map(old, on * PAGE) || nn == 0) return -EINVAL;
	if (flags & MREMAP_FIXED) return -EINVAL;
	size_t first = (old - map_lo) / PAGE;
	if (nn <= on) {
		mark(first + nn, on - nn, 0);
		return old;
	}
	size_t i = on;  /* grow in place if the following pages are free */
	while (i < nn && first + i < map_pages && !is_used(first + i)) i++;
	if (i == nn) {
		mark(first + on, nn - on, 1);
		memset((void *)(old + on * PAGE), 0, (nn - on) * PAGE);
		return old;
	}
	if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
	long moved = syscall_SYS_mmap(0, nn * PAGE, 0, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (moved < 0) return moved;
	memcpy((void *)moved, (void *)old, on * PAGE);
	mark(first, on, 0);
	return moved;
}

long syscall_SYS_madvise(long addr, long len, long advice)
{
	/* MADV_DONTNEED on anonymous memory means: reads return zeros afterwards. */
	if (advice == MADV_DONTNEED && in_map(addr, len)) memset((void *)addr, 0, len);
	return 0;
}

long syscall_SYS_mprotect(long addr, long len, long prot)
{
	(void)addr; (void)len; (void)prot;
	return 0;  /* everything is RWX in this kernel */
}
