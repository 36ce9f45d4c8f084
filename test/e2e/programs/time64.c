/* time64 (i386 uses the *_time64 syscalls): 64-bit time_t, utimensat/futimens/utimes with dates after
 * 2038, stat reading them back, clock_gettime/clock_settime error path, timespec_get, difftime. */
#include "e2e_check.h"
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <sys/stat.h>
#include <sys/time.h>

int main(void)
{
	check(sizeof(time_t) == 8, "time_t is 64-bit");
	struct timespec now;
	check(clock_gettime(CLOCK_REALTIME, &now) == 0 && now.tv_sec > 1600000000, "clock_gettime realtime");
	int fd = open("t64.txt", O_CREAT | O_RDWR, 0600);
	check(fd >= 0, "create file");
	struct timespec ts[2] = { { 4102444800LL, 123456789 }, { 4133980800LL, 987654321 } }; /* 2100-01-01, 2101-01-01 */
	check(utimensat(AT_FDCWD, "t64.txt", ts, 0) == 0, "utimensat to 2100/2101");
	struct stat st;
	check(stat("t64.txt", &st) == 0, "stat");
	check(st.st_atim.tv_sec == 4102444800LL && st.st_mtim.tv_sec == 4133980800LL, "atime/mtime after 2038 read back");
	check(st.st_mtim.tv_nsec == 987654321, "mtime nanoseconds kept");
	struct tm tm;
	char s[64];
	gmtime_r(&st.st_mtim.tv_sec, &tm);
	strftime(s, sizeof s, "%Y-%m-%d", &tm);
	printf("mtime date: %s\n", s);

	struct timespec ts2[2] = { { 2500000000LL, 0 }, { 3000000000LL, 5 } };
	check(futimens(fd, ts2) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 3000000000LL && st.st_atim.tv_sec == 2500000000LL,
	      "futimens beyond 2^31");
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1000, 0 } };
	check(futimens(fd, omit) == 0 && fstat(fd, &st) == 0 && st.st_atim.tv_sec == 2500000000LL && st.st_mtim.tv_sec == 1000, "UTIME_OMIT");
	struct timeval tv[2] = { { 3000000001LL, 0 }, { 3000000002LL, 500000 } };
	check(utimes("t64.txt", tv) == 0 && stat("t64.txt", &st) == 0 && st.st_mtim.tv_sec == 3000000002LL && st.st_mtim.tv_nsec == 500000000, "utimes");
	struct utimbuf ub = { 3000000003LL, 3000000004LL };
	check(utime("t64.txt", &ub) == 0 && stat("t64.txt", &st) == 0 && st.st_mtim.tv_sec == 3000000004LL, "utime");
	check(futimesat(AT_FDCWD, "t64.txt", NULL) == 0 && stat("t64.txt", &st) == 0 && st.st_mtim.tv_sec >= now.tv_sec, "futimesat(NULL) = now");
	struct timespec ts3[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	check(utimensat(AT_FDCWD, "t64.txt", ts3, AT_SYMLINK_NOFOLLOW) == 0, "utimensat UTIME_NOW");
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	expect_errno(utimensat(AT_FDCWD, "t64.txt", bad, 0), EINVAL, "utimensat tv_nsec out of range");
	close(fd);
	unlink("t64.txt");

	time_t big = 4102444800LL;
	struct tm *gm = gmtime_r(&big, &tm);
	check(gm && tm.tm_year == 200, "gmtime 2100: tm_year=%d", tm.tm_year);
	check(timegm(&tm) == big, "timegm 2100");
	check(difftime(big, 0) == 4102444800.0, "difftime");
	struct timespec tg;
	check(timespec_get(&tg, TIME_UTC) == TIME_UTC && tg.tv_sec >= now.tv_sec, "timespec_get");
	struct timespec set = { 1, 0 };
	int r = clock_settime(CLOCK_MONOTONIC, &set);
	check(r == -1 && (errno == EINVAL || errno == EPERM), "clock_settime MONOTONIC refused (%s)", errno == EINVAL ? "EINVAL" : errno == EPERM ? "EPERM" : "?");
	struct timespec res;
	check(clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_sec == 0, "clock_getres");
	struct itimerval itv;
	check(getitimer(ITIMER_REAL, &itv) == 0 && itv.it_value.tv_sec == 0, "getitimer");
	struct timespec rem, req = { 0, 1000000 };
	check(clock_nanosleep(CLOCK_REALTIME, 0, &req, &rem) == 0, "clock_nanosleep realtime");
	return e2e_done();
}
