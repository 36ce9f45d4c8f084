#include "e2e.h"
#include <unistd.h>
#include <sys/utsname.h>
#include <sys/resource.h>
int main(void)
{
	struct utsname u;
	CHECK("uname", uname(&u) == 0 && strcmp(u.sysname, "Linux") == 0);
	CHECK("getuid == geteuid", getuid() == geteuid());
	CHECK("getgid == getegid", getgid() == getegid());
	uid_t r, e, s;
	CHECK("getresuid", getresuid(&r, &e, &s) == 0 && r == getuid());
	/* setuid to the current uid goes through __setxid and the run-time-number syscall path. */
	CHECK("setuid(getuid())", setuid(getuid()) == 0);
	CHECK("setgid(getgid())", setgid(getgid()) == 0);
	CHECK("getpid positive", getpid() > 0 && getppid() > 0);
	struct rlimit rl;
	CHECK("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0);
	CHECK("setrlimit same", setrlimit(RLIMIT_NOFILE, &rl) == 0);
	struct rusage ru;
	CHECK("getrusage", getrusage(RUSAGE_SELF, &ru) == 0);
	CHECK("getpriority", (errno = 0, getpriority(PRIO_PROCESS, 0), errno == 0));
	DONE();
}
