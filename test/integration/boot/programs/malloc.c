/* malloc: many small blocks, a large block (mmap path), realloc growth, calloc zeroing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *small[1000];
	unsigned long sum = 0;
	for (int i = 0; i < 1000; i++) {
		small[i] = malloc(1 + i % 200);
		memset(small[i], i & 0xff, 1 + i % 200);
	}
	for (int i = 0; i < 1000; i++) { sum += (unsigned char)small[i][i % 200]; free(small[i]); }
	printf("small: sum %lu\n", sum);

	size_t big = 48u << 20;
	unsigned char *b = malloc(big);
	if (!b) { puts("large malloc failed"); return 1; }
	for (size_t i = 0; i < big; i += 4096) b[i] = (unsigned char)(i >> 12);
	b = realloc(b, 2 * big);
	if (!b) { puts("realloc failed"); return 1; }
	unsigned long t = 0;
	for (size_t i = 0; i < big; i += 4096) t += b[i];
	printf("large: %lu\n", t);
	free(b);

	unsigned *z = calloc(1 << 20, sizeof *z);
	unsigned long nz = 0;
	for (int i = 0; i < 1 << 20; i++) nz += z[i] != 0;
	printf("calloc nonzero: %lu\n", nz);
	free(z);

	char *s = 0;
	for (int n = 1; n <= 100000; n *= 10) {
		s = realloc(s, n + 1);
		memset(s, 'x', n);
		s[n] = 0;
		printf("realloc %d: %zu\n", n, strlen(s));
	}
	free(s);
	return 0;
}
