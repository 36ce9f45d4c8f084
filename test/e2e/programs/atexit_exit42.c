/* atexit handlers run in reverse order of registration, stdio is flushed at exit, exit status 42.
 * expect-exit: 42 */
#include "e2e_check.h"
#include <unistd.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second\n"); }
static void third(void) { printf("atexit: registered third, runs first\n"); }
static void from_handler(void) { printf("atexit: registered during exit runs next\n"); }
static void registers(void) { printf("atexit: handler registers another\n"); atexit(from_handler); }

int main(void)
{
	check(atexit(first) == 0, "atexit first");
	check(atexit(second) == 0, "atexit second");
	check(atexit(registers) == 0, "atexit registers");
	check(atexit(third) == 0, "atexit third");
	printf("buffered output without newline, flushed by exit: ");
	exit(e2e_failures ? 1 : 42);
}
