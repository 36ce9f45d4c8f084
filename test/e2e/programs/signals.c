#include "e2e.h"
#include <signal.h>
#include <unistd.h>
static volatile sig_atomic_t hits, info_code;
static void on_usr1(int sig) { (void)sig; hits++; }
static void on_usr2(int sig, siginfo_t *si, void *ctx) { (void)sig; (void)ctx; info_code = si->si_code; hits += 10; }
int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	CHECK("sigaction USR1", sigaction(SIGUSR1, &sa, 0) == 0);
	CHECK("raise USR1", raise(SIGUSR1) == 0);
	CHECK("handler ran once", hits == 1);
	struct sigaction si = { .sa_sigaction = on_usr2, .sa_flags = SA_SIGINFO };
	sigemptyset(&si.sa_mask);
	CHECK("sigaction USR2 SA_SIGINFO", sigaction(SIGUSR2, &si, 0) == 0);
	CHECK("kill self USR2", kill(getpid(), SIGUSR2) == 0);
	CHECK("siginfo handler ran", hits == 11 && info_code == SI_USER);
	struct sigaction old;
	CHECK("sigaction query", sigaction(SIGUSR1, 0, &old) == 0 && old.sa_handler == on_usr1);
	CHECK("signal() to SIG_IGN", signal(SIGUSR1, SIG_IGN) == on_usr1);
	CHECK("ignored raise", raise(SIGUSR1) == 0 && hits == 11);
	DONE();
}
