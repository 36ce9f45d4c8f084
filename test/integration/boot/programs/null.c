/* A NULL read is a fault too (the kernels leave page 0 unmapped), but not a trap instruction. */
#include <stdio.h>

int main(void)
{
	volatile int *p = 0;
	fputs("reading NULL\n", stderr);
	return *p;
}
