/* malloc: small blocks, large (mmap-backed) 64 MiB blocks, realloc growth/shrink, calloc, memalign. */
#include "e2e_check.h"
#include <stdint.h>
#include <malloc.h>

int main(void)
{
	/* Many small allocations. */
	enum { N = 10000 };
	static char *ptrs[N];
	int ok = 1;
	for (int i = 0; i < N; i++) {
		ptrs[i] = malloc(1 + i % 200);
		if (!ptrs[i]) { ok = 0; break; }
		memset(ptrs[i], i & 0xff, 1 + i % 200);
	}
	for (int i = 0; ok && i < N; i++)
		if ((unsigned char)ptrs[i][i % 200] != (i & 0xff)) ok = 0;
	check(ok, "10000 small allocations hold their contents");
	for (int i = 0; i < N; i += 2) free(ptrs[i]);
	for (int i = 1; i < N; i += 2) free(ptrs[i]);

	/* 64 MiB: mmap-backed. Touch every page. */
	size_t big = 64u << 20;
	unsigned char *p = malloc(big);
	if (check(p != NULL, "malloc 64 MiB")) {
		for (size_t i = 0; i < big; i += 4096) p[i] = (unsigned char)(i >> 12);
		ok = 1;
		for (size_t i = 0; i < big; i += 4096) if (p[i] != (unsigned char)(i >> 12)) ok = 0;
		check(ok, "64 MiB block holds one byte per page");
		/* Grow it: realloc must keep the contents. */
		unsigned char *q = realloc(p, big * 2);
		if (check(q != NULL, "realloc 64 -> 128 MiB")) {
			ok = 1;
			for (size_t i = 0; i < big; i += 4096) if (q[i] != (unsigned char)(i >> 12)) ok = 0;
			check(ok, "realloc kept the first 64 MiB");
			q[big * 2 - 1] = 0x5a;
			check(q[big * 2 - 1] == 0x5a, "last byte of 128 MiB writable");
			unsigned char *r = realloc(q, 1000);
			if (check(r != NULL, "realloc 128 MiB -> 1000 bytes"))
				check(r[0] == 0 && r[999] == (unsigned char)(999 >> 12), "shrunk block kept its prefix");
			free(r);
		} else free(p);
	}

	/* Several large blocks at once, freed in another order. */
	void *blocks[4];
	ok = 1;
	for (int i = 0; i < 4; i++) { blocks[i] = malloc((size_t)(8 + i) << 20); if (!blocks[i]) ok = 0; else memset(blocks[i], i, (size_t)(8 + i) << 20); }
	check(ok, "four 8-11 MiB blocks");
	free(blocks[2]); free(blocks[0]); free(blocks[3]); free(blocks[1]);

	/* calloc zeroes, even when reusing freed memory. */
	char *c1 = malloc(4096); memset(c1, 0xff, 4096); free(c1);
	char *c2 = calloc(1024, 4);
	ok = c2 != NULL;
	for (int i = 0; ok && i < 4096; i++) if (c2[i]) ok = 0;
	check(ok, "calloc returns zeroed memory");
	free(c2);
	char *cbig = calloc(16, 1u << 20);
	ok = cbig != NULL;
	for (size_t i = 0; ok && i < (16u << 20); i += 997) if (cbig[i]) ok = 0;
	check(ok, "calloc 16 MiB zeroed");
	free(cbig);

	/* Overflowing calloc and absurd malloc fail with ENOMEM. */
	errno = 0;
	void *bad = calloc(SIZE_MAX / 2, 4);
	check(bad == NULL && errno == ENOMEM, "calloc overflow -> NULL errno=%s", errname(errno));
	errno = 0;
	bad = malloc(SIZE_MAX - 4096);
	check(bad == NULL && errno == ENOMEM, "malloc(SIZE_MAX-4096) -> NULL errno=%s", errname(errno));

	/* Alignment. */
	void *al = NULL;
	check(posix_memalign(&al, 4096, 10000) == 0 && ((uintptr_t)al % 4096) == 0, "posix_memalign 4096");
	free(al);
	void *al2 = aligned_alloc(64, 640);
	check(al2 && ((uintptr_t)al2 % 64) == 0, "aligned_alloc 64");
	free(al2);
	void *m = malloc(100);
	check(malloc_usable_size(m) >= 100, "malloc_usable_size >= 100");
	free(m);

	/* realloc growth step by step. */
	char *s = NULL; size_t len = 0; ok = 1;
	for (int i = 0; i < 2000; i++) {
		char *t = realloc(s, len + 1000);
		if (!t) { ok = 0; break; }
		s = t; memset(s + len, 'a' + i % 26, 1000); len += 1000;
	}
	for (size_t i = 0; ok && i < len; i += 1000) if (s[i] != 'a' + (int)(i / 1000) % 26) ok = 0;
	check(ok, "2000 realloc steps to %zu bytes keep contents", len);
	free(s);
	return e2e_done();
}
