#include "e2e.h"
#include <signal.h>
#include <sys/time.h>
static volatile sig_atomic_t got;
static void on_sig(int s) { got = s; }
int main(void)
{
	signal(SIGUSR1, on_sig);
	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK("block USR1", sigprocmask(SIG_BLOCK, &set, &old) == 0);
	raise(SIGUSR1);
	CHECK("not delivered while blocked", got == 0);
	CHECK("sigpending", sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	CHECK("unblock delivers", sigprocmask(SIG_SETMASK, &old, 0) == 0 && got == SIGUSR1);
	got = 0;
	signal(SIGALRM, on_sig);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	CHECK("setitimer", setitimer(ITIMER_REAL, &it, 0) == 0);
	sigset_t none;
	sigemptyset(&none);
	sigsuspend(&none);
	CHECK("SIGALRM via sigsuspend", got == SIGALRM);
	sigprocmask(SIG_BLOCK, &set, 0);
	raise(SIGUSR1);
	int sig = 0;
	CHECK("sigwait", sigwait(&set, &sig) == 0 && sig == SIGUSR1);
	struct timespec ts = { 0, 1000000 };
	errno = 0;
	CHECK("sigtimedwait timeout EAGAIN", sigtimedwait(&set, 0, &ts) == -1 && errno == EAGAIN);
	DONE();
}
