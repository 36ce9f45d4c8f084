/* Environment: getenv of the harness's fixed variables, setenv/unsetenv/putenv/clearenv, environ walk. */
#include "e2e_check.h"
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	check(argc == 1 && argv[0] != NULL, "argc = %d", argc);
	const char *e = getenv("E2E_FIXED");
	check(e && strcmp(e, "fixed value") == 0, "E2E_FIXED = %s", e ? e : "(null)");
	check(getenv("E2E_UNSET_VARIABLE") == NULL, "unset variable is NULL");
	check(setenv("E2E_NEW", "one", 0) == 0 && strcmp(getenv("E2E_NEW"), "one") == 0, "setenv new");
	check(setenv("E2E_NEW", "two", 0) == 0 && strcmp(getenv("E2E_NEW"), "one") == 0, "setenv without overwrite keeps");
	check(setenv("E2E_NEW", "three", 1) == 0 && strcmp(getenv("E2E_NEW"), "three") == 0, "setenv overwrite");
	expect_errno(setenv("BAD=NAME", "x", 1), EINVAL, "setenv name with '='");
	expect_errno(setenv("", "x", 1), EINVAL, "setenv empty name");
	static char put[] = "E2E_PUT=put value";
	check(putenv(put) == 0 && strcmp(getenv("E2E_PUT"), "put value") == 0, "putenv");
	put[8] = 'P';
	check(strcmp(getenv("E2E_PUT"), "Put value") == 0, "putenv string is live");
	check(unsetenv("E2E_NEW") == 0 && getenv("E2E_NEW") == NULL, "unsetenv");
	check(unsetenv("E2E_NEVER_SET") == 0, "unsetenv of an unset name");
	int n = 0, found = 0;
	for (char **p = environ; *p; p++) { n++; if (!strncmp(*p, "E2E_PUT=", 8)) found = 1; }
	printf("environ has %d entries\n", n);
	check(found, "environ walk finds E2E_PUT");
	for (int i = 0; i < 200; i++) { char k[32], v[32]; snprintf(k, sizeof k, "E2E_MANY_%d", i); snprintf(v, sizeof v, "%d", i * i); setenv(k, v, 1); }
	check(strcmp(getenv("E2E_MANY_150"), "22500") == 0, "200 variables set");
	check(clearenv() == 0 && getenv("E2E_FIXED") == NULL && (environ == NULL || environ[0] == NULL), "clearenv");
	check(setenv("AFTER", "clear", 1) == 0 && strcmp(getenv("AFTER"), "clear") == 0, "setenv after clearenv");
	char cwd[4096];
	check(getcwd(cwd, sizeof cwd) != NULL, "getcwd still works");
	return e2e_done();
}
