/* getrlimit/setrlimit/prlimit, getrusage, priority, process and user ids. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>

int main(void)
{
	struct rlimit rl, old, now;
	check(getrlimit(RLIMIT_NOFILE, &old) == 0 && old.rlim_cur > 0 && old.rlim_cur <= old.rlim_max, "getrlimit NOFILE");
	rl.rlim_cur = 64; rl.rlim_max = old.rlim_max;
	check(setrlimit(RLIMIT_NOFILE, &rl) == 0 && getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == 64, "setrlimit NOFILE soft 64");
	int fds = 0, fd;
	while ((fd = open(".", O_RDONLY)) >= 0) fds++;
	check(errno == EMFILE && fds > 50 && fds < 64, "opening until EMFILE (%s)", errname(errno));
	for (int i = 3; i < 64; i++) close(i);
	check(setrlimit(RLIMIT_NOFILE, &old) == 0, "restore NOFILE");
	rl.rlim_cur = old.rlim_max; rl.rlim_max = old.rlim_max;
	if (old.rlim_max != RLIM_INFINITY) { rl.rlim_cur = old.rlim_max + 1; }
	check(old.rlim_max == RLIM_INFINITY || (setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL), "soft above hard -> EINVAL");
	struct rlimit st;
	check(getrlimit(RLIMIT_STACK, &st) == 0 && st.rlim_cur > 0, "getrlimit STACK");
	struct rlimit core = { 0, 0 }, pold;
	check(prlimit(0, RLIMIT_CORE, &core, &pold) == 0 && getrlimit(RLIMIT_CORE, &now) == 0 && now.rlim_cur == 0 && now.rlim_max == 0, "prlimit CORE 0");
	check(getrlimit(RLIMIT_AS, &now) == 0, "getrlimit AS");
	printf("RLIM_INFINITY all ones: %s\n", RLIM_INFINITY == (rlim_t)-1 ? "yes" : "no");
	expect_errno(getrlimit(12345, &now), EINVAL, "getrlimit bad resource");

	struct rusage ru;
	volatile double x = 0;
	for (int i = 0; i < 2000000; i++) x += i;
	check(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0, "getrusage SELF");
	check(getrusage(RUSAGE_CHILDREN, &ru) == 0, "getrusage CHILDREN");
	errno = 0;
	int pr = getpriority(PRIO_PROCESS, 0);
	check(errno == 0 && pr >= -20 && pr <= 19, "getpriority");
	check(setpriority(PRIO_PROCESS, 0, pr + 1 > 19 ? 19 : pr + 1) == 0, "setpriority one lower");
	errno = 0;
	check(nice(0) == (pr + 1 > 19 ? 19 : pr + 1) && errno == 0, "nice(0) reads it back");

	check(getpid() > 1 && getppid() > 0 && getpid() != getppid(), "pids");
	check(getuid() == geteuid() && getgid() == getegid(), "real == effective ids");
	uid_t r, e, s;
	check(getresuid(&r, &e, &s) == 0 && r == getuid() && s == getuid(), "getresuid");
	gid_t gr, ge, gs;
	check(getresgid(&gr, &ge, &gs) == 0 && gr == getgid(), "getresgid");
	check(getpgrp() == getpgid(0) && getsid(0) > 0, "getpgrp, getsid");
	check(setuid(getuid()) == 0 && setgid(getgid()) == 0, "setuid/setgid to the same ids");
	int ng = getgroups(0, NULL);
	check(ng >= 0, "getgroups count");
	errno = 0;
	int sp = setpgid(0, 0); /* EPERM when the harness made us a session leader */
	printf("setpgid(0,0) -> %d errno=%s, group leader: %s\n", sp, errname(errno), getpgrp() == getpid() ? "yes" : "no");
	return e2e_done();
}
