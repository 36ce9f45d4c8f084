/* fork + waitpid/wait4/waitid: child's exit status, pipes between parent and child, ECHILD, getppid. */
#include "e2e_check.h"
#include <signal.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(void)
{
	int p[2];
	pipe(p);
	pid_t parent = getpid();
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		char msg[64];
		int n = snprintf(msg, sizeof msg, "child: ppid matches=%s", getppid() == parent ? "yes" : "no");
		write(p[1], msg, n);
		_exit(12);
	}
	check(c > 0, "fork returned a child pid in the parent");
	close(p[1]);
	char buf[64] = {0};
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	check(n > 0, "parent read from the child: %s", buf);
	close(p[0]);
	int st = 0;
	check(waitpid(c, &st, 0) == c, "waitpid");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 12, "child exit status %d", WEXITSTATUS(st));
	expect_errno(waitpid(c, &st, 0), ECHILD, "waitpid again");
	expect_errno(wait(&st), ECHILD, "wait with no children");

	fflush(stdout);
	c = fork();
	if (c == 0) { pause(); _exit(0); }
	check(waitpid(c, &st, WNOHANG) == 0, "WNOHANG on a running child returns 0");
	kill(c, SIGKILL);
	struct rusage ru;
	check(wait4(c, &st, 0, &ru) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "wait4: killed by SIGKILL");

	fflush(stdout);
	c = fork();
	if (c == 0) _exit(5);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	check(waitid(P_PID, c, &si, WEXITED) == 0 && si.si_code == CLD_EXITED && si.si_status == 5 && si.si_pid == c, "waitid: CLD_EXITED 5");

	int kids = 5, sum = 0;
	fflush(stdout);
	for (int i = 0; i < kids; i++) if (fork() == 0) _exit(i + 1);
	for (int i = 0; i < kids; i++) { if (wait(&st) > 0 && WIFEXITED(st)) sum += WEXITSTATUS(st); }
	check(sum == 15, "five children, exit statuses sum %d", sum);

	/* The child's copy of memory is separate. */
	static int shared_var = 1;
	fflush(stdout);
	c = fork();
	if (c == 0) { shared_var = 2; _exit(shared_var); }
	waitpid(c, &st, 0);
	check(shared_var == 1 && WEXITSTATUS(st) == 2, "child writes do not reach the parent");
	return e2e_done();
}
