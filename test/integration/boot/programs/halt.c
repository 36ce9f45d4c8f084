/* What musl's a_crash() does on x86_64: `hlt`. In ring 0 with interrupts off it never returns. */
#include <stdio.h>

int main(void)
{
	fputs("halting\n", stderr);
	__asm__ volatile("hlt");
	return 0;
}
