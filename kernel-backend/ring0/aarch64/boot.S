/*
 * aarch64 entry: qemu `-M virt -kernel image.elf` starts the ELF entry at EL1 with the MMU off.
 * The MMU must be on before musl runs: with it off every data access is Device memory, where
 * the unaligned accesses of musl's string functions fault. Identity map, 4 KiB granule,
 * T0SZ=32 (4 GiB, walk starts at level 1):
 *   0x09000000-0x091fffff  Device-nGnRnE 2 MiB block (PL011 UART, PL031 RTC)
 *   0x40000000-0xffffffff  Normal write-back, 1 GiB blocks (RAM)
 *   everything else        unmapped, so a NULL access (musl's a_crash) faults
 */
#define MAIR_VALUE 0xff00            /* attr0 Device-nGnRnE, attr1 Normal WB */
#define TCR_VALUE ((32 << 0) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))  /* T0SZ, WB walks, inner shareable, no TTBR1 */
#define BLOCK_NORMAL ((1 << 10) | (3 << 8) | (1 << 2) | 1)   /* AF, inner shareable, attr1, block */
#define BLOCK_DEVICE ((1 << 10) | (0 << 2) | 1)               /* AF, attr0, block */
#define TABLE 3

	.section .text.boot, "ax"
	.global ring0_entry
ring0_entry:
	ldr x0, =boot_stack_top
	mov sp, x0
	adr x0, vectors
	msr vbar_el1, x0
	mov x0, #(3 << 20)                   /* CPACR_EL1.FPEN: FP/SIMD do not trap */
	msr cpacr_el1, x0

	/* level 1: [0] -> level 2 table, [1..3] -> 1 GiB RAM blocks */
	adr x0, l1
	adr x1, l2
	orr x1, x1, #TABLE
	str x1, [x0]
	mov x2, #1
1:	lsl x1, x2, #30
	mov x3, #BLOCK_NORMAL
	orr x1, x1, x3
	str x1, [x0, x2, lsl #3]
	add x2, x2, #1
	cmp x2, #4
	b.ne 1b
	/* level 2 entry 72 = 0x09000000 */
	adr x0, l2
	ldr x1, =(0x09000000 | BLOCK_DEVICE)
	str x1, [x0, #(72 * 8)]

	ldr x0, =MAIR_VALUE
	msr mair_el1, x0
	ldr x0, =TCR_VALUE
	msr tcr_el1, x0
	adr x0, l1
	msr ttbr0_el1, x0
	isb
	tlbi vmalle1
	dsb sy
	isb
	mrs x0, sctlr_el1
	orr x0, x0, #(1 << 0)                /* M: MMU on */
	orr x0, x0, #(1 << 2)                /* C: data cache */
	orr x0, x0, #(1 << 12)               /* I: instruction cache */
	bic x0, x0, #(1 << 1)                /* A: no alignment checks */
	msr sctlr_el1, x0
	isb
	bl ring0_main                        /* does not return */
2:	wfi
	b 2b

/* Enter musl's _start with the Linux initial stack: arch_enter_program(sp, entry). */
	.global arch_enter_program
arch_enter_program:
	mov sp, x0
	mov x0, #0                           /* no rtld fini function */
	mov x29, #0
	mov x30, #0
	br x1

/* Vector table: 16 entries of 0x80 bytes; each passes its index to ring0_exception. */
	.balign 2048
vectors:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign 128
	mov x0, #\i
	b ring0_exception
	.endr

	.bss
	.balign 4096
l1:	.skip 4096
l2:	.skip 4096
	.balign 16
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
