/* stdio: buffered stdout, unbuffered stderr interleaving, puts/putchar/fputs, argv. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("argc=%d argv0=%s\n", argc, argv[0]);
	for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
	puts("puts line");
	fputs("to stderr (unbuffered, arrives first)\n", stderr);
	for (char c = 'a'; c <= 'e'; c++) putchar(c);
	putchar('\n');
	char buf[64];
	snprintf(buf, sizeof buf, "%5d|%-5s|%05x|%c", 42, "ab", 0xbeef, 'z');
	printf("%s len=%zu\n", buf, strlen(buf));
	fflush(stdout);
	fputs("stderr after flush\n", stderr);
	printf("%s\n", "last line, flushed at exit");
	return 0;
}
