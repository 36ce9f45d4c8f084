/* stat/lstat/fstat/fstatat/statx-free checks, faccessat/access, symlink/readlink, chmod/fchmodat, umask,
 * link counts, realpath, statvfs. */
#include "e2e_check.h"
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/statfs.h>

int main(void)
{
	mode_t old = umask(022);
	check(umask(022) == 022, "umask set/read");
	int fd = open("f.txt", O_CREAT | O_WRONLY, 0666);
	write(fd, "12345", 5);
	struct stat st, lst, fst;
	int sr = fstat(fd, &fst);
	check(sr == 0 && (fst.st_mode & 0777) == 0644, "umask applied: mode %o", (unsigned)(fst.st_mode & 0777));
	close(fd);
	check(stat("f.txt", &st) == 0 && st.st_size == 5 && st.st_nlink == 1, "stat size 5, nlink 1");
	check(st.st_ino == fst.st_ino && st.st_dev == fst.st_dev, "stat and fstat agree on inode");
	check(st.st_uid == getuid() && st.st_gid == getegid(), "owner is us");
	check(symlink("f.txt", "link") == 0, "symlink");
	check(lstat("link", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 5, "lstat sees a symlink");
	check(stat("link", &st) == 0 && S_ISREG(st.st_mode) && st.st_ino == fst.st_ino, "stat follows it");
	char buf[64] = {0};
	check(readlink("link", buf, sizeof buf) == 5 && strcmp(buf, "f.txt") == 0, "readlink = %s", buf);
	expect_errno(readlink("f.txt", buf, sizeof buf), EINVAL, "readlink on a file");
	check(link("f.txt", "hard") == 0 && stat("f.txt", &st) == 0 && st.st_nlink == 2, "hard link: nlink 2");

	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	check(fstatat(dfd, "f.txt", &st, 0) == 0 && st.st_size == 5, "fstatat");
	check(fstatat(dfd, "link", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode), "fstatat NOFOLLOW");
	check(fstatat(dfd, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode), "fstatat AT_EMPTY_PATH on the dir");
	expect_errno(fstatat(dfd, "missing", &st, 0), ENOENT, "fstatat missing");

	check(access("f.txt", R_OK | W_OK) == 0, "access R_OK|W_OK");
	check(faccessat(dfd, "f.txt", F_OK, 0) == 0, "faccessat F_OK");
	check(faccessat(dfd, "f.txt", R_OK, AT_EACCESS) == 0, "faccessat AT_EACCESS");
	expect_errno(access("missing", F_OK), ENOENT, "access missing");
	expect_errno(access("f.txt", X_OK), EACCES, "access X_OK on a 0644 file");
	check(chmod("f.txt", 0755) == 0 && stat("f.txt", &st) == 0 && (st.st_mode & 0777) == 0755, "chmod 0755");
	check(access("f.txt", X_OK) == 0, "access X_OK after chmod");
	check(fchmodat(dfd, "f.txt", 0600, 0) == 0 && stat("f.txt", &st) == 0 && (st.st_mode & 0777) == 0600, "fchmodat 0600");
	fd = open("f.txt", O_RDONLY);
	check(fchmod(fd, 0640) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640, "fchmod 0640");
	check(fchown(fd, getuid(), getgid()) == 0 && chown("f.txt", -1, -1) == 0 && lchown("link", getuid(), -1) == 0, "chown to ourselves");
	close(fd);
	check(mkfifo("fifo", 0600) == 0 && stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode), "mkfifo");
	check(mknodat(dfd, "fifo2", S_IFIFO | 0600, 0) == 0, "mknodat fifo");
	char rp[PATH_MAX], cwd[PATH_MAX];
	getcwd(cwd, sizeof cwd);
	check(realpath("link", rp) && strlen(rp) == strlen(cwd) + 6 && !strcmp(rp + strlen(cwd), "/f.txt"), "realpath resolves the link");
	check(symlinkat("missing-target", dfd, "dangling") == 0, "symlinkat");
	expect_errno(stat("dangling", &st), ENOENT, "stat dangling link");
	check(readlinkat(dfd, "dangling", buf, sizeof buf) == 14, "readlinkat");
	check(symlink("loop1", "loop2") == 0 && symlink("loop2", "loop1") == 0, "symlink loop");
	expect_errno(stat("loop1", &st), ELOOP, "stat a loop");

	struct statvfs vfs;
	check(statvfs(".", &vfs) == 0 && vfs.f_bsize > 0 && vfs.f_blocks > 0, "statvfs");
	struct statfs sfs;
	check(fstatfs(dfd, &sfs) == 0 && sfs.f_bsize > 0, "fstatfs");
	check(unlinkat(dfd, "hard", 0) == 0, "unlinkat");
	const char *names[] = { "f.txt", "link", "fifo", "fifo2", "dangling", "loop1", "loop2" };
	int ok = 1;
	for (unsigned i = 0; i < sizeof names / sizeof *names; i++) if (unlink(names[i]) != 0) ok = 0;
	check(ok, "cleanup");
	mkdirat(dfd, "sub", 0700);
	check(unlinkat(dfd, "sub", AT_REMOVEDIR) == 0, "unlinkat AT_REMOVEDIR");
	close(dfd);
	umask(old);
	return e2e_done();
}
