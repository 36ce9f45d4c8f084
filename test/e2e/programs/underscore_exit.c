/* expect-exit: 9 */
#include "e2e.h"
#include <unistd.h>
static void never(void) { puts("atexit must not run after _exit"); }
int main(void)
{
	atexit(never);
	puts("before _exit");
	fflush(stdout);
	_exit(9);
}
