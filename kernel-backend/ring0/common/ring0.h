/*
 * ring0 — a minimal kernel that boots a static musl program in ring 0 / EL1 under qemu-system
 * and serves its system calls as plain C calls (the IncludeOS backend convention:
 * syscall_SYS_<name>, socketcall_<op>, syscall_n).
 *
 * Two output channels:
 *   console  — the program's stdout/stderr and the fault report (COM1 / PL011), byte-exact;
 *   control  — one machine-readable line at the end ("exit N", "signal N", "fault V INSN|-"),
 *              so the host learns the full 8-bit status even though qemu's own exit code
 *              cannot carry it (isa-debug-exit only yields odd codes).
 */
#ifndef RING0_H
#define RING0_H

#include <stddef.h>
#include <stdint.h>

/* Provided by each arch (x86_64/arch.c, aarch64/arch.c). */
void arch_console_write(const char *s, size_t n);
void arch_control_write(const char *s, size_t n);
_Noreturn void arch_exit(int status, int faulted);
uint64_t arch_monotonic_ns(void);
uint64_t arch_realtime_boot_s(void);  /* wall clock seconds at boot, 0 if unknown */
uint64_t arch_entropy(void);          /* cheap varying value for AT_RANDOM (not secure) */
_Noreturn void arch_enter_program(void *sp, void (*entry)(void));

/* common/print.c: freestanding formatting for the console and control channels. */
enum chan { CONSOLE, CONTROL };
void kputs(enum chan c, const char *s);
void kputhex(enum chan c, uint64_t v);
void kputdec(enum chan c, int64_t v);

/* common/exit.c */
_Noreturn void ring0_exit(int status);
_Noreturn void ring0_signal(int sig);
_Noreturn void ring0_fault(unsigned vector, const char *insn);  /* insn: NULL if not a trap */

/* common/exit.c: what the stubs `musl-patch stubs` generates for this backend call (marker
 * RING0_STUB): the host learns which -ENOSYS stub ran, on the control channel. */
long ring0_enosys(const char *name);
#define RING0_STUB(name) ((void)ring0_enosys(name))

/* common/memory.c: the brk/mmap arena; [lo, hi) is all RAM the program may use. */
void ring0_memory_init(uintptr_t lo, uintptr_t hi);

/* common/start.c: build the Linux initial stack from a command line and jump to musl's _start. */
_Noreturn void ring0_start_program(char *cmdline, void *stack_top);

/* Defined by the linker script. */
extern char ring0_image_end[];

#endif
