#define _GNU_SOURCE
#include "e2e.h"
#include <sched.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
int main(void)
{
	CHECK("sched_yield", sched_yield() == 0);
	cpu_set_t set;
	CHECK("sched_getaffinity", sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) >= 1);
	CHECK("sched_getcpu", sched_getcpu() >= 0);
	CHECK("prctl set name", prctl(PR_SET_NAME, "e2e-name") == 0);
	char name[16] = {0};
	CHECK("prctl get name", prctl(PR_GET_NAME, name) == 0 && strcmp(name, "e2e-name") == 0);
	struct sysinfo si;
	CHECK("sysinfo", sysinfo(&si) == 0 && si.mem_unit > 0);
	CHECK("nprocs", get_nprocs() >= 1);
	DONE();
}
