/* Only stdio and malloc: the small set every program needs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *line = malloc(64);
	snprintf(line, 64, "%s has %d argument(s)", argv[0], argc - 1);
	puts(line);
	printf("%zu bytes\n", strlen(line));
	free(line);
	return 0;
}
