/* Default program for `musl-patch boot`: stdio, a float, malloc and exit status 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *p = malloc(32);
	strcpy(p, "ring 0");
	printf("hello from %s in %s, pi=%.5f\n", argv[0], p, 3.14159265);
	free(p);
	return argc - 1;
}
