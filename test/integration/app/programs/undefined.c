/* Refers to code the program never provides: its own gap, whatever the backend has. */
#include <stdio.h>

extern int helper_from_elsewhere(int);
extern int table_from_elsewhere[];

int main(void)
{
	printf("%d\n", helper_from_elsewhere(table_from_elsewhere[1]));
	return 0;
}
