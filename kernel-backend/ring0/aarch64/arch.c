/*
 * aarch64 platform (qemu virt, EL1): PL011 console, semihosting for the control channel,
 * the command line and the exit status, the generic timer and PL031 RTC for clocks.
 * musl sets its thread pointer itself (msr tpidr_el0), so no backend call is needed for TLS.
 */
#include <errno.h>
#include "../common/ring0.h"

#define UART 0x09000000ul
#define RTC 0x09010000ul

#define SEMI_WRITEC 0x03
#define SEMI_GET_CMDLINE 0x15
#define SEMI_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static long semihost(long op, void *arg)
{
	register long x0 __asm__("x0") = op;
	register void *x1 __asm__("x1") = arg;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

void arch_console_write(const char *s, size_t n)
{
	volatile uint32_t *dr = (volatile uint32_t *)UART, *fr = (volatile uint32_t *)(UART + 0x18);
	for (size_t i = 0; i < n; i++) {
		while (*fr & (1 << 5)) {}  /* TX FIFO full */
		*dr = (unsigned char)s[i];
	}
}

void arch_control_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) semihost(SEMI_WRITEC, (void *)&s[i]);
}

/* Semihosting passes the full status to qemu's exit code; a fault exits 255. */
_Noreturn void arch_exit(int status, int faulted)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, faulted ? 255 : (uint64_t)status };
	for (;;) semihost(SEMI_EXIT, block);
}

static uint64_t counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

uint64_t arch_monotonic_ns(void)
{
	uint64_t freq;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq ? (uint64_t)((unsigned __int128)counter() * 1000000000u / freq) : 0;
}

static uint64_t boot_realtime;
uint64_t arch_realtime_boot_s(void) { return boot_realtime; }
uint64_t arch_entropy(void) { return counter() ^ boot_realtime << 20; }

long arch_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	(void)nr; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
	return -ENOSYS;
}

/* ---- exceptions ---- */

static void puthexword(uint32_t w)
{
	char hex[10] = { ' ' };
	for (int i = 0; i < 8; i++) hex[1 + i] = "0123456789abcdef"[w >> (28 - 4 * i) & 15];
	hex[9] = 0;
	kputs(CONSOLE, hex);
}

/* Name the instruction; the exception-generating ones (svc/hvc/smc/brk) carry a 16-bit immediate. */
static const char *decode(uint32_t w)
{
	static char buf[16];
	const char *op = 0;
	if ((w & 0xffe0001f) == 0xd4000001) op = "svc";
	else if ((w & 0xffe0001f) == 0xd4000002) op = "hvc";
	else if ((w & 0xffe0001f) == 0xd4000003) op = "smc";
	else if ((w & 0xffe0001f) == 0xd4200000) op = "brk";
	else if ((w & 0xffff0000) == 0) return "udf";
	if (!op) return 0;  /* not a trap */
	/* "svc #0x1234" */
	unsigned imm = (w >> 5) & 0xffff, n = 0;
	for (; op[n]; n++) buf[n] = op[n];
	buf[n++] = ' '; buf[n++] = '#'; buf[n++] = '0'; buf[n++] = 'x';
	int started = 0;
	for (int i = 12; i >= 0; i -= 4) {
		unsigned d = (imm >> i) & 15;
		if (d || started || i == 0) { buf[n++] = "0123456789abcdef"[d]; started = 1; }
	}
	buf[n] = 0;
	return buf;
}

static int readable(uint64_t a) { return a >= 0x40000000ul && a < (4ul << 30) - 4; }

_Noreturn void ring0_exception(unsigned slot)
{
	uint64_t esr, elr, far;
	__asm__ volatile("mrs %0, esr_el1; mrs %1, elr_el1; mrs %2, far_el1" : "=r"(esr), "=r"(elr), "=r"(far));
	unsigned ec = esr >> 26;
	/* For svc/hvc/smc ELR is the next instruction; for everything else it is the faulting one. */
	uint64_t pc = (ec == 0x15 || ec == 0x16 || ec == 0x17) ? elr - 4 : elr;
	kputs(CONSOLE, "\nring0: fault: vector slot ");
	kputdec(CONSOLE, slot);
	kputs(CONSOLE, " esr=");
	kputhex(CONSOLE, esr);
	kputs(CONSOLE, " (ec ");
	kputhex(CONSOLE, ec);
	kputs(CONSOLE, ") at pc=");
	kputhex(CONSOLE, pc);
	if (ec == 0x24 || ec == 0x25 || ec == 0x20 || ec == 0x21) {
		kputs(CONSOLE, " address=");
		kputhex(CONSOLE, far);
	}
	kputs(CONSOLE, "; instruction word at pc:");
	int ok = readable(pc);
	uint32_t w = ok ? *(const uint32_t *)pc : 0;
	if (ok) puthexword(w);
	ring0_fault(ec, ok ? decode(w) : 0);
}

/* ---- boot ---- */

#ifndef RING0_RAM_MB
#define RING0_RAM_MB 512
#endif
#define RAM_BASE 0x40000000ul
#define STACK_SIZE (8ul << 20)

static char cmdline[4096];

_Noreturn void ring0_main(void)
{
	struct { char *buf; long len; } arg = { cmdline, sizeof cmdline - 1 };
	if (semihost(SEMI_GET_CMDLINE, &arg) != 0) cmdline[0] = 0;
	boot_realtime = *(volatile uint32_t *)RTC;

	uintptr_t top = RAM_BASE + ((uintptr_t)RING0_RAM_MB << 20);
	ring0_memory_init((uintptr_t)ring0_image_end, top - STACK_SIZE);
	ring0_start_program(cmdline, (void *)top);
}
