/* expect-exit: 3 */
#include "e2e.h"
static void first(void) { puts("atexit registered first, runs last"); }
static void second(void) { puts("atexit registered second, runs first"); }
int main(void)
{
	atexit(first);
	atexit(second);
	printf("buffered output is flushed by exit");
	exit(3);
}
