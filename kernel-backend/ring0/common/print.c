/* Tiny formatter: the kernel must not depend on libc state (it reports faults of libc itself). */
#include "ring0.h"

static void out(enum chan c, const char *s, size_t n)
{
	if (c == CONSOLE) arch_console_write(s, n);
	else arch_control_write(s, n);
}

void kputs(enum chan c, const char *s)
{
	size_t n = 0;
	while (s[n]) n++;
	out(c, s, n);
}

void kputhex(enum chan c, uint64_t v)
{
	char buf[19], *p = buf + sizeof buf;
	do { *--p = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
	*--p = 'x'; *--p = '0';
	out(c, p, buf + sizeof buf - p);
}

void kputdec(enum chan c, int64_t v)
{
	char buf[21], *p = buf + sizeof buf;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do { *--p = '0' + u % 10; u /= 10; } while (u);
	if (v < 0) *--p = '-';
	out(c, p, buf + sizeof buf - p);
}
