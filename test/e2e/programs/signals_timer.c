/* Timers delivering signals: alarm, setitimer, timer_create(SIGEV_SIGNAL), sigwaitinfo/sigtimedwait. */
#include "e2e_check.h"
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

static volatile sig_atomic_t alarms, timer_hits, rt_hits;
static void on_alrm(int s) { (void)s; alarms++; }
static void on_rt(int s, siginfo_t *si, void *uc) { (void)s; (void)uc; if (si->si_value.sival_int == 99) rt_hits++; }
static long long mono(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void)
{
	/* Signals are blocked while armed and waited for with sigsuspend: no lost-wakeup race. */
	sigset_t alrm, unblocked;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigaddset(&alrm, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &alrm, &unblocked);
	signal(SIGALRM, on_alrm);
	long long t0 = mono();
	check(alarm(1) == 0, "alarm(1) had no previous alarm");
	while (!alarms) sigsuspend(&unblocked);
	printf("alarm after >=1s: %s\n", mono() - t0 >= 1000000000LL ? "yes" : "no");
	check(alarms == 1, "SIGALRM delivered once");
	check(alarm(10) == 0 && alarm(0) >= 9, "alarm(0) returns the remaining seconds");

	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;
	t0 = mono();
	check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer 20ms periodic");
	while (alarms < 4) sigsuspend(&unblocked);
	check(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_interval.tv_usec == 20000, "getitimer interval 20ms");
	struct itimerval off = { 0 };
	setitimer(ITIMER_REAL, &off, NULL);
	printf("three periods >=60ms: %s\n", mono() - t0 >= 60000000LL ? "yes" : "no");

	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	struct sigevent ev = { 0 };
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGRTMIN;
	ev.sigev_value.sival_int = 99;
	timer_t tm;
	check(timer_create(CLOCK_MONOTONIC, &ev, &tm) == 0, "timer_create SIGEV_SIGNAL");
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } }, got;
	t0 = mono();
	check(timer_settime(tm, 0, &its, NULL) == 0, "timer_settime 30ms one-shot");
	check(timer_gettime(tm, &got) == 0 && got.it_value.tv_sec == 0, "timer_gettime");
	while (!rt_hits) sigsuspend(&unblocked);
	printf("timer fired after >=30ms: %s\n", mono() - t0 >= 30000000LL ? "yes" : "no");
	check(rt_hits == 1 && timer_getoverrun(tm) == 0, "timer signal carried sival_int 99");
	check(timer_delete(tm) == 0, "timer_delete");

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	siginfo_t si;
	check(sigwaitinfo(&set, &si) == SIGUSR1 && si.si_signo == SIGUSR1, "sigwaitinfo takes a pending SIGUSR1");
	struct timespec to = { 0, 40000000 };
	t0 = mono();
	int r = sigtimedwait(&set, &si, &to);
	expect_errno(r, EAGAIN, "sigtimedwait with nothing pending");
	printf("sigtimedwait waited >=40ms: %s\n", mono() - t0 >= 40000000LL ? "yes" : "no");
	raise(SIGUSR1);
	int sig = 0;
	check(sigwait(&set, &sig) == 0 && sig == SIGUSR1, "sigwait");
	return e2e_done();
}
