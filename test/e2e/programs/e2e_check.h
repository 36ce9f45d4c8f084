/* Helpers for the e2e conformance programs that include it (test/e2e/programs/ *.c).
 * (e2e.h next to it is the CHECK()/DONE() flavour used by the other programs; both work the same.)
 *
 * Every program prints one line per check ("ok   ..." or "FAIL ...") to stdout and returns 0 when
 * all checks passed (1 otherwise), unless it declares another status with a comment
 * `expect-exit: N`. Output must be deterministic: no addresses, pids or times, only derived facts.
 * The harness runs each program in a fresh empty directory (its cwd) with a fixed environment, and
 * compares stdout + exit status against the same program built with plain musl. */
#ifndef E2E_CHECK_H
#define E2E_CHECK_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int e2e_failures;

/* One check: prints "ok   <what>" or "FAIL <what>". Returns ok. */
static int check(int ok, const char *fmt, ...)
{
	va_list ap;
	fputs(ok ? "ok   " : "FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	if (!ok) e2e_failures++;
	return ok;
}

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
#define E(x) case x: return #x;
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(E2BIG) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM)
	E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL)
	E(EMFILE) E(ENOTTY) E(ENOSPC) E(ESPIPE) E(EPIPE) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG) E(ENOSYS)
	E(ENOTEMPTY) E(ELOOP) E(ENOMSG) E(EIDRM) E(EOVERFLOW) E(ENOTSOCK) E(EDESTADDRREQ) E(ENOPROTOOPT)
	E(EPROTONOSUPPORT) E(EOPNOTSUPP) E(EAFNOSUPPORT) E(EADDRINUSE) E(EADDRNOTAVAIL) E(ENOTCONN)
	E(EISCONN) E(ETIMEDOUT) E(ECONNREFUSED) E(EALREADY) E(EINPROGRESS) E(ECANCELED) E(ENXIO)
#undef E
	default: return "E?";
	}
}

/* A call expected to fail with errno `want`: prints the errno name and strerror text. */
static int expect_errno(long ret, int want, const char *what)
{
	int e = errno;
	return check(ret == -1 && e == want, "%s -> %ld errno=%s (%s)", what, ret, errname(e), strerror(e));
}

/* A call expected to succeed (ret >= 0); on failure the errno is printed. */
static int expect_ok(long ret, const char *what)
{
	int e = errno;
	if (ret >= 0) return check(1, "%s", what);
	return check(0, "%s -> %ld errno=%s (%s)", what, ret, errname(e), strerror(e));
}

static int e2e_done(void)
{
	printf("%s\n", e2e_failures ? "some checks failed" : "all checks passed");
	return e2e_failures ? 1 : 0;
}

#endif
