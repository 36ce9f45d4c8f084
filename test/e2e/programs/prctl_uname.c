/* prctl names and flags, uname, gethostname, sysinfo, sysconf. */
#include "e2e_check.h"
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>

int main(void)
{
	char name[32] = {0};
	check(prctl(PR_SET_NAME, "e2e-thread-name") == 0, "PR_SET_NAME");
	check(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "e2e-thread-name") == 0, "PR_GET_NAME = %s", name);
	check(prctl(PR_SET_NAME, "a-name-longer-than-sixteen-bytes") == 0 && prctl(PR_GET_NAME, name) == 0 && strlen(name) == 15,
	      "long name truncated to 15: %s", name);
	check(prctl(PR_SET_DUMPABLE, 1) == 0 && prctl(PR_GET_DUMPABLE) == 1, "PR_GET_DUMPABLE 1");
	check(prctl(PR_SET_PDEATHSIG, 9) == 0, "PR_SET_PDEATHSIG");
	int sig = -1;
	int pr = prctl(PR_GET_PDEATHSIG, &sig);
	check(pr == 0 && sig == 9, "PR_GET_PDEATHSIG = %d", sig);
	check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "NO_NEW_PRIVS");
	expect_errno(prctl(123456), EINVAL, "prctl bad option");

	struct utsname u;
	check(uname(&u) == 0, "uname");
	printf("sysname=%s\n", u.sysname);
	check(strlen(u.release) > 0 && strlen(u.machine) > 0 && strlen(u.nodename) > 0, "release/machine/nodename non-empty");
	char host[256];
	check(gethostname(host, sizeof host) == 0 && strcmp(host, u.nodename) == 0, "gethostname == nodename");
	struct sysinfo si;
	check(sysinfo(&si) == 0 && si.totalram > 0 && si.uptime > 0 && si.procs > 0, "sysinfo");
	check(sysconf(_SC_PAGESIZE) == 4096 || sysconf(_SC_PAGESIZE) == 65536 || sysconf(_SC_PAGESIZE) == 16384, "page size plausible");
	check(sysconf(_SC_NPROCESSORS_ONLN) >= 1 && sysconf(_SC_NPROCESSORS_CONF) >= 1, "processors >= 1");
	check(sysconf(_SC_OPEN_MAX) > 0 && sysconf(_SC_CLK_TCK) == 100, "OPEN_MAX, CLK_TCK 100");
	check(get_nprocs() >= 1 && get_phys_pages() > 0, "get_nprocs, get_phys_pages");
	check(getpagesize() == sysconf(_SC_PAGESIZE), "getpagesize");
	return e2e_done();
}
