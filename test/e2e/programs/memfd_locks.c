/* memfd_create + seals, flock, fcntl record locks seen from a child, lockf, OFD locks. */
#include "e2e_check.h"
#include <fcntl.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/wait.h>

static int child_status(int (*fn)(int), int fd)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) _exit(fn(fd));
	int st;
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
static int try_flock(int fd) { (void)fd; int f = open("lock.txt", O_RDWR); return flock(f, LOCK_EX | LOCK_NB) == 0 ? 0 : errno == EWOULDBLOCK ? 1 : 2; }
static int try_setlk(int fd) { struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 }; return fcntl(fd, F_SETLK, &fl) == 0 ? 0 : (errno == EAGAIN || errno == EACCES) ? 1 : 2; }
static int getlk_pid_is_parent(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 1 };
	if (fcntl(fd, F_GETLK, &fl) != 0) return 2;
	return fl.l_type == F_WRLCK && fl.l_pid == getppid() ? 0 : 1;
}
static int try_lockf(int fd) { lseek(fd, 0, SEEK_SET); return lockf(fd, F_TLOCK, 10) == 0 ? 0 : 1; }

int main(void)
{
	int m = memfd_create("e2e", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	check(m >= 0, "memfd_create");
	check(ftruncate(m, 8192) == 0 && write(m, "memfd data", 10) == 10, "size and write");
	char *p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, m, 0);
	check(p != MAP_FAILED && memcmp(p, "memfd data", 10) == 0, "mapping sees the data");
	munmap(p, 8192);
	check(fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) == 0, "F_ADD_SEALS shrink|grow");
	check(fcntl(m, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW), "F_GET_SEALS");
	expect_errno(ftruncate(m, 100), EPERM, "shrink a sealed memfd");
	close(m);

	int fd = open("lock.txt", O_CREAT | O_RDWR, 0600);
	write(fd, "0123456789abcdef", 16);
	check(flock(fd, LOCK_EX) == 0, "flock LOCK_EX");
	check(child_status(try_flock, fd) == 1, "child's own open file cannot flock (EWOULDBLOCK)");
	check(flock(fd, LOCK_UN) == 0 && child_status(try_flock, fd) == 0, "after LOCK_UN the child can");
	check(flock(fd, LOCK_SH) == 0 && flock(fd, LOCK_UN) == 0, "flock LOCK_SH");

	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	check(fcntl(fd, F_SETLK, &fl) == 0, "F_SETLK write lock on bytes 0-9");
	check(child_status(try_setlk, fd) == 1, "child's F_SETLK conflicts");
	check(child_status(getlk_pid_is_parent, fd) == 0, "child's F_GETLK names the parent");
	fl.l_type = F_UNLCK;
	check(fcntl(fd, F_SETLKW, &fl) == 0 && child_status(try_setlk, fd) == 0, "after unlock the child can lock");
	lseek(fd, 0, SEEK_SET); /* lockf locks from the current offset (shared with the child) */
	check(lockf(fd, F_LOCK, 10) == 0 && child_status(try_lockf, fd) == 1, "lockf conflicts in the child");
	check(lockf(fd, F_ULOCK, 10) == 0, "lockf unlock");
	struct flock ofd = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 4, .l_pid = 0 };
	check(fcntl(fd, F_OFD_SETLK, &ofd) == 0, "F_OFD_SETLK read lock");
	struct flock bad = { .l_type = 12345, .l_whence = SEEK_SET };
	expect_errno(fcntl(fd, F_SETLK, &bad), EINVAL, "F_SETLK with a bad type");
	close(fd);
	unlink("lock.txt");
	return e2e_done();
}
