/* Exit status through exit(), _Exit() and abort(), selected by argv[1]; stdio is lost on _Exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "return";
	int code = argc > 2 ? atoi(argv[2]) : 0;
	printf("mode %s code %d\n", how, code);
	if (!strcmp(how, "exit")) exit(code);
	if (!strcmp(how, "_Exit")) _Exit(code);
	if (!strcmp(how, "abort")) { fflush(stdout); abort(); }
	return code;
}
