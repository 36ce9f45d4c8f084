/* Exit statuses seen through fork+waitpid: exit(n), _exit, return from main, abort, a signal.
 * The children are this program itself (fork). */
#include "e2e_check.h"
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/resource.h>

static int child(int how)
{
	pid_t p = fork();
	if (p == 0) {
		struct rlimit core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &core);
		switch (how) {
		case 0: exit(42);
		case 1: _exit(7);
		case 2: abort();
		case 3: raise(SIGTERM); _exit(99);
		case 4: exit(256 + 3);
		case 5: { volatile int *z = 0; *z = 1; _exit(98); }
		}
		_exit(0);
	}
	int st = 0;
	if (waitpid(p, &st, 0) != p) return -1;
	return st;
}

int main(void)
{
	fflush(stdout);
	int st = child(0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 42, "exit(42) -> status %d", WEXITSTATUS(st));
	st = child(1);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 7, "_exit(7) -> status %d", WEXITSTATUS(st));
	st = child(2);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort -> signal %s", WTERMSIG(st) == SIGABRT ? "SIGABRT" : "?");
	st = child(3);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "raise(SIGTERM) -> signal %s", WTERMSIG(st) == SIGTERM ? "SIGTERM" : "?");
	st = child(4);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 3, "exit(259) -> status %d", WEXITSTATUS(st));
	st = child(5);
	check(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "null write -> signal %s", WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "?");
	return e2e_done();
}
