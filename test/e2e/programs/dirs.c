/* Directories: mkdir/readdir/rewinddir/scandir/rmdir, ENOTEMPTY/EEXIST/ENOTDIR, getdents via opendir. */
#include "e2e_check.h"
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
	char buf[256];
	check(mkdir("d", 0755) == 0, "mkdir d");
	expect_errno(mkdir("d", 0755), EEXIST, "mkdir d again");
	for (int i = 0; i < 40; i++) {
		snprintf(buf, sizeof buf, "d/file%02d", i);
		int fd = open(buf, O_CREAT | O_WRONLY, 0644);
		if (fd >= 0) close(fd);
	}
	check(mkdir("d/sub", 0700) == 0, "mkdir d/sub");
	check(mkdir("d/sub/deeper", 0700) == 0, "mkdir d/sub/deeper");
	expect_errno(mkdir("missing/x", 0755), ENOENT, "mkdir under missing parent");
	expect_errno(mkdir("d/file00/x", 0755), ENOTDIR, "mkdir under a file");

	DIR *d = opendir("d");
	if (!check(d != NULL, "opendir")) return e2e_done();
	char *names[64]; int n = 0, dots = 0, dirs = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) { dots++; continue; }
		if (e->d_type == DT_DIR) dirs++;
		if (n < 64) names[n++] = strdup(e->d_name);
	}
	qsort(names, n, sizeof *names, cmp);
	check(n == 41 && dots == 2, "readdir: %d entries + %d dot entries", n, dots);
	check(dirs == 1, "d_type says one directory");
	printf("first=%s last=%s\n", names[0], names[n - 1]);
	for (int i = 0; i < n; i++) free(names[i]);
	rewinddir(d);
	int again = 0;
	while (readdir(d)) again++;
	check(again == 43, "rewinddir then %d entries", again);
	check(dirfd(d) >= 0, "dirfd");
	closedir(d);

	struct dirent **list;
	int k = scandir("d", &list, NULL, alphasort);
	check(k == 43, "scandir %d entries", k);
	if (k > 0) { printf("scandir[2]=%s\n", list[2]->d_name); for (int i = 0; i < k; i++) free(list[i]); free(list); }

	expect_errno(rmdir("d"), ENOTEMPTY, "rmdir non-empty");
	expect_errno(opendir("nope") ? 0 : -1, ENOENT, "opendir missing");
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	check(fd >= 0, "open O_DIRECTORY");
	expect_errno(read(fd, buf, 10), EISDIR, "read on a directory fd");
	DIR *fdd = fdopendir(fd);
	int cnt = 0;
	while (fdd && readdir(fdd)) cnt++;
	check(cnt == 43, "fdopendir sees %d entries", cnt);
	if (fdd) closedir(fdd);
	expect_errno(open("d/file00", O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file");

	for (int i = 0; i < 40; i++) { snprintf(buf, sizeof buf, "d/file%02d", i); unlink(buf); }
	check(rename("d/sub", "d/moved") == 0, "rename directory");
	check(rmdir("d/moved/deeper") == 0 && rmdir("d/moved") == 0 && rmdir("d") == 0, "rmdir all");
	return e2e_done();
}
