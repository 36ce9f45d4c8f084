/* atexit handlers run in reverse order and stdout is flushed after them. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { puts("handler registered first, runs last"); }
static void second(void) { puts("handler registered second, runs first"); }

int main(void)
{
	atexit(first);
	atexit(second);
	printf("main returns 5 (no newline yet)");
	return 5;
}
