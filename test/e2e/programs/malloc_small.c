#include "e2e.h"
int main(void)
{
	void *p[1000];
	unsigned long sum = 0;
	for (int i = 0; i < 1000; i++) {
		p[i] = malloc(1 + (i * 37) % 500);
		memset(p[i], i & 0xff, 1 + (i * 37) % 500);
	}
	for (int i = 0; i < 1000; i += 2) free(p[i]);
	for (int i = 1; i < 1000; i += 2) {
		p[i] = realloc(p[i], 2000);
		sum += ((unsigned char *)p[i])[0];
	}
	for (int i = 1; i < 1000; i += 2) free(p[i]);
	printf("sum %lu\n", sum);
	char *z = calloc(100, 10);
	int zero = 1;
	for (int i = 0; i < 1000; i++) zero &= z[i] == 0;
	CHECK("calloc zeroes", zero);
	free(z);
	DONE();
}
