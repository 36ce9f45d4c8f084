/* getrandom/getentropy: full lengths, not all zero, two draws differ, bad flags EINVAL. */
#include "e2e_check.h"
#include <sys/random.h>
#include <unistd.h>

static int nonzero(const unsigned char *b, size_t n) { for (size_t i = 0; i < n; i++) if (b[i]) return 1; return 0; }

int main(void)
{
	unsigned char a[32], b[32], big[4096];
	check(getrandom(a, sizeof a, 0) == 32, "getrandom 32 bytes");
	check(getrandom(b, sizeof b, GRND_NONBLOCK) == 32, "getrandom GRND_NONBLOCK");
	check(memcmp(a, b, 32) != 0 && nonzero(a, 32), "two draws differ and are not all zero");
	check(getrandom(big, sizeof big, 0) == 4096, "getrandom 4096 bytes");
	int seen[256] = {0}, distinct = 0;
	for (size_t i = 0; i < sizeof big; i++) if (!seen[big[i]]++) distinct++;
	check(distinct > 200, "4096 random bytes use more than 200 distinct values");
	check(getrandom(a, 0, 0) == 0, "getrandom 0 bytes");
	expect_errno(getrandom(a, 8, 0x12340000), EINVAL, "getrandom with bad flags");
	check(getentropy(a, 32) == 0 && nonzero(a, 32), "getentropy 32");
	expect_errno(getentropy(big, 257), EIO, "getentropy over 256 bytes");
	return e2e_done();
}
