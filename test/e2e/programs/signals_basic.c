/* Signals: sigaction handler via raise/kill, SA_SIGINFO, sigprocmask + sigpending, SIG_IGN, sigsuspend. */
#include "e2e_check.h"
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, info_signo, info_code, got_term;

static void on_usr1(int sig) { if (sig == SIGUSR1) got_usr1++; }
static void on_usr2(int sig, siginfo_t *si, void *uc) { (void)sig; (void)uc; got_usr2++; info_signo = si->si_signo; info_code = si->si_code; }
static void on_term(int sig) { (void)sig; got_term++; }

int main(void)
{
	struct sigaction sa = { 0 }, old;
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	check(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction SIGUSR1");
	check(raise(SIGUSR1) == 0 && got_usr1 == 1, "raise(SIGUSR1) ran the handler once");
	check(kill(getpid(), SIGUSR1) == 0 && got_usr1 == 2, "kill(getpid(), SIGUSR1) ran it again");
	check(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_usr1, "sigaction reads back the handler");

	sa.sa_handler = NULL;
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	check(sigaction(SIGUSR2, &sa, NULL) == 0, "sigaction SIGUSR2 SA_SIGINFO");
	union sigval v = { .sival_int = 7 };
	check(sigqueue(getpid(), SIGUSR2, v) == 0, "sigqueue SIGUSR2");
	check(got_usr2 == 1 && info_signo == SIGUSR2 && info_code == SI_QUEUE, "siginfo: signo=%s code=%s",
	      info_signo == SIGUSR2 ? "SIGUSR2" : "?", info_code == SI_QUEUE ? "SI_QUEUE" : "?");

	sigset_t block, pend, oldmask;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	check(sigprocmask(SIG_BLOCK, &block, &oldmask) == 0, "sigprocmask block SIGUSR1");
	raise(SIGUSR1);
	check(got_usr1 == 2, "blocked signal not delivered");
	check(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1) == 1, "sigpending shows SIGUSR1");
	check(sigismember(&pend, SIGUSR2) == 0, "SIGUSR2 not pending");
	check(sigprocmask(SIG_SETMASK, &oldmask, NULL) == 0 && got_usr1 == 3, "unblocking delivers it");
	sigprocmask(SIG_SETMASK, NULL, &oldmask);
	check(!sigismember(&oldmask, SIGUSR1), "mask read back without SIGUSR1");

	signal(SIGUSR1, SIG_IGN);
	check(raise(SIGUSR1) == 0 && got_usr1 == 3, "SIG_IGN ignores");
	signal(SIGTERM, on_term);
	check(got_term == 0 && raise(SIGTERM) == 0 && got_term == 1, "signal() installs a handler");

	/* sigsuspend waits for a blocked signal raised from a child-less self kill before it. */
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	sigset_t wait;
	sigemptyset(&wait);
	int r = sigsuspend(&wait);
	check(r == -1 && errno == EINTR && got_usr1 == 4, "sigsuspend returns EINTR after the handler");
	sigprocmask(SIG_UNBLOCK, &block, NULL);

	expect_errno(sigaction(SIGKILL, &sa, NULL), EINVAL, "sigaction(SIGKILL)");
	expect_errno(kill(getpid(), 12345), EINVAL, "kill with bad signal");
	check(kill(getpid(), 0) == 0, "kill(pid, 0) probes");
	printf("strsignal(SIGUSR1)=%s\n", strsignal(SIGUSR1));
	return e2e_done();
}
