#include "e2e.h"
#include <unistd.h>
int main(void)
{
	char path[] = "/tmp/mp-e2e-stdio-XXXXXX";
	int fd = mkstemp(path);
	CHECK("mkstemp", fd >= 0);
	close(fd);
	FILE *f = fopen(path, "w+");
	CHECK("fopen", f != 0);
	for (int i = 0; i < 1000; i++) fprintf(f, "line %d\n", i);
	CHECK("fseek", fseek(f, 0, SEEK_SET) == 0);
	char buf[64];
	long lines = 0, sum = 0;
	while (fgets(buf, sizeof buf, f)) { lines++; sum += atoi(buf + 5); }
	printf("lines %ld sum %ld\n", lines, sum);
	CHECK("ftell at end", ftell(f) == 8890);
	CHECK("fclose", fclose(f) == 0);
	FILE *t = tmpfile();
	CHECK("tmpfile", t && fputs("tmp", t) >= 0 && fclose(t) == 0);
	CHECK("remove", remove(path) == 0);
	DONE();
}
