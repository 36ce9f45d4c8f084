/* stdio: printf of integers, floats and strings; snprintf; sscanf; strtod; fopen/fgets/fseek. */
#include "e2e_check.h"
#include <math.h>
#include <stdint.h>
#include <inttypes.h>

int main(void)
{
	char buf[256];
	printf("ints: %d %i %u %x %X %o %ld %lld\n", -42, 17, 4000000000u, 0xbeefu, 0xcafeu, 8, -1234567L, -9000000000LL);
	printf("widths: [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
	printf("fixed: %" PRId64 " %" PRIu64 " %" PRIx64 "\n", INT64_MIN, UINT64_MAX, (uint64_t)0x123456789abcdefULL);
	printf("floats: %f %.3f %e %.2e %g %g %g\n", 3.14159265358979, 2.0 / 3.0, 12345.678, 0.000123, 1e20, 1e-5, 100.0);
	printf("more floats: %a %.0f %.10f %Lf\n", 1.0, 2.5, 1.0 / 7.0, (long double)1.25);
	printf("special: %f %f %f %F\n", INFINITY, -INFINITY, NAN, INFINITY);
	printf("strings: [%s] [%10s] [%-10s] [%.3s] %c%c\n", "hello", "right", "left", "truncate", 'o', 'k');
	printf("percent: 100%%\n");
	int n = snprintf(buf, 8, "%s", "0123456789");
	check(n == 10 && strcmp(buf, "0123456") == 0, "snprintf truncates: n=%d buf=%s", n, buf);
	int a = 0; double d = 0; char word[16] = {0};
	int got = sscanf("  77 6.5e2 word", "%d %lf %15s", &a, &d, word);
	check(got == 3 && a == 77 && d == 650.0 && strcmp(word, "word") == 0, "sscanf: %d %d %g %s", got, a, d, word);
	char *end;
	double v = strtod("1.5e3xyz", &end);
	check(v == 1500.0 && strcmp(end, "xyz") == 0, "strtod: %g rest=%s", v, end);
	check(sqrt(2.0) > 1.41421 && sqrt(2.0) < 1.41422, "sqrt(2) = %.6f", sqrt(2.0));
	printf("math: sin(1)=%.9f exp(1)=%.9f log(10)=%.9f pow(2,0.5)=%.9f\n", sin(1.0), exp(1.0), log(10.0), pow(2.0, 0.5));

	FILE *f = fopen("stdio.txt", "w+");
	if (!check(f != NULL, "fopen w+")) return e2e_done();
	for (int i = 0; i < 100; i++) fprintf(f, "line %d %.2f\n", i, i * 0.5);
	check(fflush(f) == 0, "fflush");
	long size = ftell(f);
	check(size > 0, "ftell after writes = %ld", size);
	check(fseek(f, 0, SEEK_SET) == 0, "fseek to start");
	int lines = 0; char last[64] = "";
	while (fgets(buf, sizeof buf, f)) { lines++; strcpy(last, buf); }
	check(lines == 100, "fgets read %d lines, last: %s", lines, strtok(last, "\n"));
	check(feof(f) && !ferror(f), "feof set, no error");
	check(fclose(f) == 0, "fclose");
	check(remove("stdio.txt") == 0, "remove");
	FILE *gone = fopen("stdio.txt", "r");
	check(gone == NULL && errno == ENOENT, "fopen after remove -> %s", errname(errno));

	fprintf(stderr, "stderr is not compared\n");
	fputs("puts via fputs\n", stdout);
	puts("puts");
	putchar('!');
	putchar('\n');
	return e2e_done();
}
