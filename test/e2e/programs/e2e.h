/* Shared by the e2e programs: each check prints one line; a failed check makes the exit status 1.
 * The same program is linked against plain musl and against patched musl + the passthrough
 * backend, and both runs must print the same lines and exit the same way. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>

static int e2e_failed;

#define CHECK(name, cond) do { \
	int e2e_ok_ = !!(cond); \
	printf("%s %s\n", e2e_ok_ ? "ok" : "FAIL", name); \
	if (!e2e_ok_) { e2e_failed = 1; printf("  errno=%d (%s)\n", errno, strerror(errno)); } \
} while (0)

#define DONE() do { fflush(stdout); return e2e_failed; } while (0)
