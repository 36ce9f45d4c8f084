#include "e2e.h"
int main(void)
{
	printf("hello %s %d %5.2f %x %c\n", "world", -42, 3.14159, 0xbeef, 'z');
	puts("puts line");
	fprintf(stderr, "stderr is not compared\n");
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%08.3e|%-6s|%lld", 12345.678, "ab", 1LL << 40);
	printf("%d %s\n", n, buf);
	DONE();
}
