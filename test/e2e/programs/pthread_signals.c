/* Threads and signals: pthread_kill to a thread, per-thread masks (pthread_sigmask), sigwait in a thread,
 * pthread_exit, many short threads, fork from a threaded process, setuid broadcast (__setxid). */
#include "e2e_check.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/wait.h>

static volatile sig_atomic_t handled_in_target;
static pthread_t target;
static volatile int target_ready;
static void on_usr1(int s) { (void)s; if (pthread_equal(pthread_self(), target)) handled_in_target = 1; }

static void *waiting_thread(void *arg)
{
	(void)arg;
	target_ready = 1;
	while (!handled_in_target) usleep(1000);
	return NULL;
}

static void *sigwaiter(void *arg)
{
	sigset_t *set = arg;
	int sig = 0;
	sigwait(set, &sig);
	return (void *)(intptr_t)sig;
}

static void *exiter(void *arg) { pthread_exit((void *)((intptr_t)arg + 1)); return NULL; }
static void *nothing(void *arg) { return arg; }

int main(void)
{
	signal(SIGUSR1, on_usr1);
	pthread_create(&target, NULL, waiting_thread, NULL);
	while (!target_ready) usleep(1000);
	check(pthread_kill(target, SIGUSR1) == 0, "pthread_kill SIGUSR1");
	pthread_join(target, NULL);
	check(handled_in_target == 1, "handler ran in the target thread");
	check(pthread_kill(pthread_self(), 0) == 0, "pthread_kill(self, 0)");

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	check(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0, "pthread_sigmask block SIGUSR2 (inherited)");
	pthread_t w;
	pthread_create(&w, NULL, sigwaiter, &set);
	usleep(20000);
	kill(getpid(), SIGUSR2);
	void *got;
	pthread_join(w, &got);
	check((intptr_t)got == SIGUSR2, "sigwait in a thread got the process signal");
	sigset_t cur;
	pthread_sigmask(SIG_SETMASK, NULL, &cur);
	check(sigismember(&cur, SIGUSR2) == 1, "mask read back");
	int bad = pthread_sigmask(12345, &set, NULL);
	check(bad == EINVAL, "pthread_sigmask bad how -> %s", errname(bad));

	pthread_t e;
	pthread_create(&e, NULL, exiter, (void *)41);
	pthread_join(e, &got);
	check((intptr_t)got == 42, "pthread_exit value 42");

	int ok = 1;
	for (int i = 0; i < 200; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, nothing, (void *)(intptr_t)i) != 0) { ok = 0; break; }
		if (pthread_join(t, &got) != 0 || (intptr_t)got != i) ok = 0;
	}
	check(ok, "200 threads created and joined in turn");

	pthread_t bg;
	pthread_create(&bg, NULL, sigwaiter, &set);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		void *r;
		_exit(pthread_create(&t, NULL, nothing, (void *)7) == 0 && pthread_join(t, &r) == 0 && r == (void *)7 ? 3 : 4);
	}
	int st;
	waitpid(c, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 3, "fork from a threaded process; child makes threads");
	check(setgid(getgid()) == 0 && setuid(getuid()) == 0, "setuid/setgid with another thread alive");
	pthread_kill(bg, SIGUSR2);
	pthread_join(bg, &got);
	check((intptr_t)got == SIGUSR2, "pthread_kill to a sigwait thread");
	return e2e_done();
}
