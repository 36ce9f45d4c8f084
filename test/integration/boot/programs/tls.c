/* TLS: initialised (.tdata) and zeroed (.tbss) thread-locals, and errno (itself thread-local). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static _Thread_local int counter = 41;
static _Thread_local char zeroed[256];
static _Thread_local double scale = 1.5;

int main(void)
{
	int nonzero = 0;
	for (int i = 0; i < 256; i++) nonzero += zeroed[i] != 0;
	printf("counter=%d nonzero=%d scale=%.2f\n", counter, nonzero, scale);
	counter++;
	strcpy(zeroed, "written");
	scale *= 2;
	printf("counter=%d zeroed=%s scale=%.2f\n", counter, zeroed, scale);
	printf("&counter aligned: %d\n", (int)((unsigned long)&counter % _Alignof(int)) == 0);
	errno = 1234;
	printf("errno=%d\n", errno);
	return 0;
}
