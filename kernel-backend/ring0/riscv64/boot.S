/*
 * riscv64 entry: qemu `-M virt -bios none -kernel image.elf` starts hart 0 in M-mode at the
 * start of RAM (0x80000000), where .ring0.entry lies; the rest of the image starts 2 MiB higher
 * with its ELF headers (link.ld). The kernel and the program stay in M-mode, where there is no
 * address translation and an `ecall` is an exception of the kernel's own (mcause 11), reported
 * like any other fault. Interrupts stay off (mstatus.MIE is 0 out of reset).
 */
#define MSTATUS_FS_INITIAL (1 << 13)   /* FP registers usable: musl's lp64d code uses them */

	.section .ring0.entry, "ax"
	.global ring0_entry
ring0_entry:
	csrr t0, mhartid                     /* only hart 0 runs (qemu starts one unless -smp) */
1:	bnez t0, 1b
	.option push
	.option norelax
	lla gp, __global_pointer$            /* as musl's _start sets it: relaxed code may use gp */
	.option pop
	lla sp, boot_stack_top
	lla t0, trap_entry
	csrw mtvec, t0                       /* direct mode: every trap enters trap_entry */
	li t0, MSTATUS_FS_INITIAL
	csrs mstatus, t0
	csrw fcsr, zero
	call ring0_main                      /* does not return */
2:	wfi
	j 2b

/* Enter musl's _start with the Linux initial stack: arch_enter_program(sp, entry). */
	.global arch_enter_program
arch_enter_program:
	mv sp, a0
	li a0, 0                             /* no rtld fini function */
	li ra, 0
	li s0, 0
	jr a1

/* Semihosting: ebreak between two marker no-ops, uncompressed and within one page (qemu reads
 * the markers to tell it from a breakpoint). semihost(op, arg): a0, a1; result in a0. */
	.balign 16
	.global semihost
semihost:
	.option push
	.option norvc
	slli zero, zero, 0x1f
	ebreak
	srai zero, zero, 7
	.option pop
	ret

/* Any exception: report it on a stack of its own (the program's may be what failed). */
	.balign 4
trap_entry:
	lla sp, trap_stack_top
	csrr a0, mcause
	csrr a1, mepc
	csrr a2, mtval
	call ring0_exception                 /* does not return */
3:	wfi
	j 3b

	.bss
	.balign 16
	.skip 16384
boot_stack_top:
	.skip 8192
trap_stack_top:

	.section .note.GNU-stack, "", @progbits
