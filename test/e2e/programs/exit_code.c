/* expect-exit: 42 */
#include "e2e.h"
int main(void)
{
	puts("returning 42 from main");
	return 42;
}
