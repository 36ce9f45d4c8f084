/* Never ends: the host must stop it at the timeout and say so. */
#include <stdio.h>

int main(void)
{
	fputs("spinning\n", stderr);
	for (volatile unsigned long i = 0;; i++) {}
}
