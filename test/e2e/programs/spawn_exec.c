/* posix_spawn / system / popen / vfork / execve: exit statuses of /bin/sh children and spawn errors.
 * (The children are host binaries; under qemu-user they run natively, which is fine for both libcs.) */
#include "e2e_check.h"
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

extern char **environ;

int main(void)
{
	pid_t pid;
	char *argv[] = { "sh", "-c", "exit 3", NULL };
	int r = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
	check(r == 0, "posix_spawn /bin/sh");
	int st = 0;
	check(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3, "spawned child exit status %d", WEXITSTATUS(st));
	char *argv2[] = { "nope", NULL };
	r = posix_spawn(&pid, "/definitely/missing/binary", NULL, NULL, argv2, environ);
	check(r == ENOENT, "posix_spawn of a missing binary -> %s", errname(r));
	char *argv3[] = { "sh", "-c", "echo \"$E2E_FIXED\" >&2; exit 0", NULL };
	r = posix_spawnp(&pid, "sh", NULL, NULL, argv3, environ);
	check(r == 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0, "posix_spawnp via PATH");

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	int p[2];
	pipe(p);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	char *argv4[] = { "sh", "-c", "echo spawned-output", NULL };
	r = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv4, environ);
	close(p[1]);
	char buf[64] = {0};
	ssize_t n = 0, k;
	while ((k = read(p[0], buf + n, sizeof buf - 1 - n)) > 0) n += k;
	waitpid(pid, &st, 0);
	check(r == 0 && strcmp(buf, "spawned-output\n") == 0, "file actions redirect stdout: %.14s", buf);
	close(p[0]);
	posix_spawn_file_actions_destroy(&fa);

	fflush(stdout);
	st = system("exit 5");
	check(WIFEXITED(st) && WEXITSTATUS(st) == 5, "system(\"exit 5\") -> %d", WEXITSTATUS(st));
	check(system(NULL) != 0, "system(NULL): a shell exists");
	FILE *f = popen("echo popen-line; echo second", "r");
	char line[64];
	int lines = 0;
	while (f && fgets(line, sizeof line, f)) { lines++; printf("popen read: %s", line); }
	check(f && pclose(f) == 0 && lines == 2, "popen/pclose");

	fflush(stdout);
	pid = vfork();
	if (pid == 0) _exit(9);
	check(pid > 0 && waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 9, "vfork child _exit(9)");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *a[] = { "sh", "-c", "exit 11", NULL };
		execve("/bin/sh", a, environ);
		_exit(100);
	}
	waitpid(pid, &st, 0);
	check(WEXITSTATUS(st) == 11, "fork+execve -> %d", WEXITSTATUS(st));
	char *a[] = { "x", NULL };
	expect_errno(execve("/definitely/missing", a, environ), ENOENT, "execve missing");
	expect_errno(execve(".", a, environ), EACCES, "execve a directory");
	return e2e_done();
}
