/*
 * x86_64 platform: COM1 console, qemu debugcon (port 0xe9) as the control channel,
 * isa-debug-exit (port 0xf4) to leave qemu, HPET + CMOS RTC for clocks, the IDT,
 * and FS base for musl's thread pointer.
 */
#include <errno.h>
#include <sys/syscall.h>
#include "../common/ring0.h"

#define COM1 0x3f8
#define DEBUGCON 0xe9
#define DEBUG_EXIT 0xf4
#define HPET 0xfed00000ul
#define MSR_FS_BASE 0xc0000100
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define MB_CMDLINE (1 << 2)

extern uint32_t ring0_mb_magic, ring0_mb_info;
extern char ring0_isr_base[];

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

/* ---- console and control channel ---- */

static void uart_init(void)
{
	outb(COM1 + 1, 0x00);  /* no interrupts */
	outb(COM1 + 3, 0x80);  /* DLAB: set divisor 1 = 115200 baud */
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);  /* 8N1 */
	outb(COM1 + 2, 0xc7);  /* FIFOs on */
}

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		while (!(inb(COM1 + 5) & 0x20)) {}  /* transmitter holding register empty */
		outb(COM1, s[i]);
	}
}

void arch_control_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) outb(DEBUGCON, s[i]);
}

/*
 * qemu exits with (value << 1) | 1. Exit statuses 0..126 come out as 1..253 (odd);
 * a fault writes 127, i.e. qemu status 255. The control line carries the exact status.
 */
_Noreturn void arch_exit(int status, int faulted)
{
	outl(DEBUG_EXIT, faulted ? 127 : (status > 126 ? 126 : status));
	for (;;) __asm__ volatile("cli; hlt");
}

/* ---- clocks ---- */

static volatile uint64_t *hpet_reg(unsigned off) { return (volatile uint64_t *)(HPET + off); }
static uint64_t hpet_period_fs;
static uint64_t boot_realtime;

uint64_t arch_monotonic_ns(void)
{
	if (!hpet_period_fs) return 0;
	unsigned __int128 fs = (unsigned __int128)*hpet_reg(0xf0) * hpet_period_fs;
	return (uint64_t)(fs / 1000000);
}

static unsigned cmos(unsigned reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static uint64_t rtc_read(void)
{
	while (cmos(0x0a) & 0x80) {}  /* update in progress */
	unsigned s = cmos(0), mi = cmos(2), h = cmos(4), d = cmos(7), mo = cmos(8), y = cmos(9), c = cmos(0x32);
	if (!(cmos(0x0b) & 4)) {  /* BCD */
#define BCD(x) ((x) = ((x) & 15) + ((x) >> 4) * 10)
		BCD(s); BCD(mi); BCD(h); BCD(d); BCD(mo); BCD(y); BCD(c);
	}
	long year = (c ? c : 20) * 100 + y;
	/* days since 1970-01-01 (Howard Hinnant's days_from_civil) */
	long yy = year - (mo <= 2);
	long era = yy / 400, yoe = yy - era * 400;
	long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	return (uint64_t)days * 86400 + h * 3600 + mi * 60 + s;
}

uint64_t arch_realtime_boot_s(void) { return boot_realtime; }

uint64_t arch_entropy(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32 | lo) ^ boot_realtime;
}

/* ---- thread pointer ---- */

long syscall_SYS_arch_prctl(long code, long addr)
{
	if (code == ARCH_SET_FS) { wrmsr(MSR_FS_BASE, addr); return 0; }
	if (code == ARCH_GET_FS) { *(uint64_t *)addr = rdmsr(MSR_FS_BASE); return 0; }
	return -EINVAL;
}

long arch_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	(void)c; (void)d; (void)e; (void)f;
	if (nr == SYS_arch_prctl) return syscall_SYS_arch_prctl(a, b);
	return -ENOSYS;
}

/* ---- exceptions ---- */

struct frame { uint64_t vector, error, rip, cs, rflags, rsp, ss; };

static const char *const names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound",
	"#UD invalid opcode", "#NM no FPU", "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection", "#PF page fault",
	"reserved", "#MF x87 error", "#AC alignment", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection",
};

/* Name the instruction at the faulting RIP; the traps musl uses come first. */
static const char *decode(const uint8_t *b)
{
	static char intn[] = "int $0x??";
	if (b[0] == 0x0f && b[1] == 0x05) return "syscall";
	if (b[0] == 0x0f && b[1] == 0x34) return "sysenter";
	if (b[0] == 0x0f && b[1] == 0x0b) return "ud2";
	if (b[0] == 0xcd) {
		intn[7] = "0123456789abcdef"[b[1] >> 4];
		intn[8] = "0123456789abcdef"[b[1] & 15];
		return intn;
	}
	if (b[0] == 0xcc) return "int3";
	if (b[0] == 0xf4) return "hlt";
	return 0;  /* not a trap */
}

void ring0_exception(struct frame *f)
{
	const uint8_t *ip = (const uint8_t *)f->rip;
	int readable = f->rip < (4ull << 30) - 16;  /* only the identity-mapped 4 GiB */
	kputs(CONSOLE, "\nring0: fault: vector ");
	kputdec(CONSOLE, f->vector);
	kputs(CONSOLE, " (");
	kputs(CONSOLE, f->vector < 32 && names[f->vector] ? names[f->vector] : "reserved");
	kputs(CONSOLE, ") at rip=");
	kputhex(CONSOLE, f->rip);
	kputs(CONSOLE, " error=");
	kputhex(CONSOLE, f->error);
	if (f->vector == 14) {
		uint64_t cr2;
		__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
		kputs(CONSOLE, " address=");
		kputhex(CONSOLE, cr2);
	}
	kputs(CONSOLE, "; bytes at rip:");
	for (int i = 0; readable && i < 8; i++) {
		char hex[4] = { ' ', "0123456789abcdef"[ip[i] >> 4], "0123456789abcdef"[ip[i] & 15], 0 };
		kputs(CONSOLE, hex);
	}
	ring0_fault(f->vector, readable ? decode(ip) : 0);
}

static struct { uint16_t lo, sel; uint8_t ist, type; uint16_t mid; uint32_t hi, zero; } idt[32];

static void idt_init(void)
{
	for (int v = 0; v < 32; v++) {
		uint64_t h = (uint64_t)(ring0_isr_base + 16 * v);
		idt[v].lo = h;
		idt[v].sel = 8;
		idt[v].type = 0x8e;  /* present, ring 0, 64-bit interrupt gate */
		idt[v].mid = h >> 16;
		idt[v].hi = h >> 32;
	}
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } ptr = { sizeof idt - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

/* ---- boot ---- */

#ifndef RING0_RAM_MB
#define RING0_RAM_MB 512
#endif
#define STACK_SIZE (8ul << 20)

static char cmdline[4096];

_Noreturn void ring0_main(void)
{
	uart_init();
	idt_init();

	/* Copy the command line first: qemu puts it right after our bss, i.e. in the arena. */
	const uint32_t *mbi = (const uint32_t *)(uintptr_t)ring0_mb_info;
	if (ring0_mb_magic == 0x2badb002 && (mbi[0] & MB_CMDLINE)) {
		const char *s = (const char *)(uintptr_t)mbi[4];
		size_t i = 0;
		while (s[i] && i < sizeof cmdline - 1) { cmdline[i] = s[i]; i++; }
	}
	/* qemu prepends the kernel file name: "kernel.elf prog args"; drop it. */
	char *args = cmdline;
	while (*args && *args != ' ') args++;

	hpet_period_fs = *hpet_reg(0) >> 32;
	*hpet_reg(0x10) |= 1;  /* start the main counter */
	boot_realtime = rtc_read();

	uintptr_t top = (uintptr_t)RING0_RAM_MB << 20;
	ring0_memory_init((uintptr_t)ring0_image_end + 8192, top - STACK_SIZE);
	ring0_start_program(args, (void *)top);
}
