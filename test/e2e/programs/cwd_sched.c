/* getcwd/chdir/fchdir and relative paths; sched_yield, sched_getaffinity/setaffinity, scheduler queries. */
#include "e2e_check.h"
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include <sys/stat.h>

int main(void)
{
	char start[PATH_MAX], now[PATH_MAX];
	check(getcwd(start, sizeof start) != NULL && start[0] == '/', "getcwd absolute");
	mkdir("a", 0755); mkdir("a/b", 0755);
	check(chdir("a/b") == 0, "chdir a/b");
	check(getcwd(now, sizeof now) && strlen(now) == strlen(start) + 4 && !strcmp(now + strlen(start), "/a/b"), "getcwd = start/a/b");
	int fd = open("here.txt", O_CREAT | O_WRONLY, 0600);
	close(fd);
	check(chdir("..") == 0 && access("b/here.txt", F_OK) == 0, "relative path after chdir ..");
	int dfd = open(start, O_RDONLY | O_DIRECTORY);
	check(fchdir(dfd) == 0 && getcwd(now, sizeof now) && !strcmp(now, start), "fchdir back to start");
	close(dfd);
	char small[4];
	expect_errno(getcwd(small, sizeof small) ? 0 : -1, ERANGE, "getcwd buffer too small");
	char *dyn = getcwd(NULL, 0);
	check(dyn && !strcmp(dyn, start), "getcwd(NULL, 0) allocates");
	free(dyn);
	expect_errno(chdir("a/b/here.txt"), ENOTDIR, "chdir to a file");
	expect_errno(fchdir(12345), EBADF, "fchdir bad fd");
	unlink("a/b/here.txt"); rmdir("a/b"); rmdir("a");

	int ok = 1;
	for (int i = 0; i < 100; i++) if (sched_yield() != 0) ok = 0;
	check(ok, "sched_yield x100");
	cpu_set_t set;
	CPU_ZERO(&set);
	check(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 1, "sched_getaffinity: >=1 cpu");
	int first = -1;
	for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &set)) { first = i; break; }
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	check(sched_setaffinity(0, sizeof one, &one) == 0, "sched_setaffinity to one cpu");
	cpu_set_t back;
	check(sched_getaffinity(0, sizeof back, &back) == 0 && CPU_COUNT(&back) == 1 && CPU_ISSET(first, &back), "affinity read back");
	sched_setaffinity(0, sizeof set, &set);
	check(sched_getcpu() >= 0, "sched_getcpu");
	/* musl answers these two with ENOSYS on purpose; whatever it does, patched must do the same. */
	errno = 0;
	int pol = sched_getscheduler(0);
	printf("sched_getscheduler -> %d errno=%s\n", pol, errname(errno));
	check(sched_get_priority_max(SCHED_FIFO) == 99 && sched_get_priority_min(SCHED_FIFO) == 1, "FIFO priority range 1..99");
	check(sched_get_priority_max(SCHED_OTHER) == 0, "OTHER max priority 0");
	struct sched_param sp;
	errno = 0;
	int gp = sched_getparam(0, &sp);
	printf("sched_getparam -> %d errno=%s\n", gp, errname(errno));
	struct timespec rr;
	check(sched_rr_get_interval(0, &rr) == 0, "sched_rr_get_interval");
	expect_errno(sched_get_priority_max(12345), EINVAL, "priority of a bad policy");
	return e2e_done();
}
