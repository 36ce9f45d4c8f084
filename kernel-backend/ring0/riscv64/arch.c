/*
 * riscv64 platform (qemu virt, M-mode, no firmware): NS16550A console, semihosting for the
 * control channel, the command line and the exit status, the ACLINT timer and the Goldfish RTC
 * for clocks. musl sets its thread pointer itself (mv tp, a0), so no backend call is needed for
 * TLS. In M-mode there is no translation: NULL is unmapped on this machine and faults as an
 * access fault.
 */
#include <errno.h>
#include "../common/ring0.h"

#define UART 0x10000000ul
#define RTC 0x00101000ul
#define MTIME 0x0200bff8ul
#define MTIME_HZ 10000000u   /* qemu virt's ACLINT timebase */

#define SEMI_WRITEC 0x03
#define SEMI_GET_CMDLINE 0x15
#define SEMI_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/* boot.S: the RISC-V semihosting call (a0 = operation, a1 = argument; result in a0). */
long semihost(long op, void *arg);

void arch_console_write(const char *s, size_t n)
{
	volatile uint8_t *thr = (volatile uint8_t *)UART, *lsr = (volatile uint8_t *)(UART + 5);
	for (size_t i = 0; i < n; i++) {
		while (!(*lsr & (1 << 5))) {}  /* THR empty */
		*thr = (unsigned char)s[i];
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

static uint64_t counter(void) { return *(volatile uint64_t *)MTIME; }

uint64_t arch_monotonic_ns(void) { return counter() * (1000000000u / MTIME_HZ); }

static uint64_t boot_realtime;
uint64_t arch_realtime_boot_s(void) { return boot_realtime; }
uint64_t arch_entropy(void) { return counter() ^ boot_realtime << 20; }

long arch_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	(void)nr; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
	return -ENOSYS;
}

/* ---- exceptions ---- */

static const char *const causes[] = {
	"instruction address misaligned", "instruction access fault", "illegal instruction", "breakpoint",
	"load address misaligned", "load access fault", "store address misaligned", "store access fault",
	"ecall from U-mode", "ecall from S-mode", "reserved", "ecall from M-mode",
	"instruction page fault", "load page fault", "reserved", "store page fault",
};

/* Name the instruction; the traps are ecall and ebreak (c.ebreak in the compressed set). */
static const char *decode(uint32_t w)
{
	if (w == 0x00000073) return "ecall";
	if (w == 0x00100073) return "ebreak";
	if ((w & 0xffff) == 0x9002) return "c.ebreak";
	return 0;  /* not a trap */
}

static int readable(uint64_t a) { return a >= 0x80000000ul && a < 0x80000000ul + (3ul << 30) - 4; }

_Noreturn void ring0_exception(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
	kputs(CONSOLE, "\nring0: fault: mcause ");
	kputdec(CONSOLE, (int64_t)mcause);
	if (mcause < sizeof causes / sizeof causes[0]) {
		kputs(CONSOLE, " (");
		kputs(CONSOLE, causes[mcause]);
		kputs(CONSOLE, ")");
	}
	/* mepc is the faulting instruction itself, ecall included. */
	kputs(CONSOLE, " at pc=");
	kputhex(CONSOLE, mepc);
	if (mcause == 4 || mcause == 5 || mcause == 6 || mcause == 7) {
		kputs(CONSOLE, " address=");
		kputhex(CONSOLE, mtval);
	}
	kputs(CONSOLE, "; instruction at pc:");
	int ok = readable(mepc);
	/* Two halfword reads: a compressed instruction may sit at the last halfword of RAM. */
	uint32_t w = 0;
	if (ok) {
		const volatile uint16_t *h = (const volatile uint16_t *)mepc;
		w = h[0];
		if ((w & 3) == 3) w |= (uint32_t)h[1] << 16;
		char hex[10] = { ' ' };
		int digits = (w & 3) == 3 ? 8 : 4;
		for (int i = 0; i < digits; i++) hex[1 + i] = "0123456789abcdef"[w >> (4 * (digits - 1 - i)) & 15];
		hex[1 + digits] = 0;
		kputs(CONSOLE, hex);
	}
	ring0_fault((unsigned)mcause, ok ? decode(w) : 0);
}

/* ---- boot ---- */

#ifndef RING0_RAM_MB
#define RING0_RAM_MB 512
#endif
#define RAM_BASE 0x80000000ul
#define STACK_SIZE (8ul << 20)

static char cmdline[4096];

_Noreturn void ring0_main(void)
{
	struct { char *buf; long len; } arg = { cmdline, sizeof cmdline - 1 };
	if (semihost(SEMI_GET_CMDLINE, &arg) != 0) cmdline[0] = 0;
	/* Goldfish RTC: nanoseconds since the epoch; reading the low word latches the high one. */
	uint64_t lo = *(volatile uint32_t *)RTC, hi = *(volatile uint32_t *)(RTC + 4);
	boot_realtime = (hi << 32 | lo) / 1000000000u;

	uintptr_t top = RAM_BASE + ((uintptr_t)RING0_RAM_MB << 20);
	ring0_memory_init((uintptr_t)ring0_image_end, top - STACK_SIZE);
	ring0_start_program(cmdline, (void *)top);
}
