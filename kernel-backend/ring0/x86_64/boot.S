/*
 * x86_64 entry. qemu's `-kernel` refuses 64-bit ELF multiboot images unless the header
 * carries the a.out-kludge addresses (flag 16); then it copies the file bytes from
 * load_addr to load_end_addr, zeroes up to bss_end_addr and jumps to entry_addr in
 * 32-bit protected mode (eax = 0x2badb002, ebx = multiboot info). link.ld lays the image
 * out as one contiguous segment starting with the ELF header, so file offset == address - 1 MiB.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010000   /* addresses below are valid (a.out kludge) */

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)       /* with EM clear: x87/SSE instructions execute */
#define CR0_EM (1 << 2)
#define CR0_NE (1 << 5)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)   /* SSE enabled */
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)     /* EFER.SCE (bit 0) stays clear: `syscall` raises #UD */

	.section .multiboot, "a"
	.balign 4
mb_header:
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
	.long mb_header, __ehdr_start, ring0_load_end, ring0_bss_end, ring0_entry32

	.section .text.boot, "ax"
	.code32
	.global ring0_entry32
ring0_entry32:
	cli
	mov %eax, ring0_mb_magic
	mov %ebx, ring0_mb_info

	/*
	 * Identity map of the first 4 GiB: PML4[0] -> PDPT, PDPT[0..3] -> 4 page directories of
	 * 2 MiB pages, except the first 2 MiB, mapped with 4 KiB pages and page 0 left out so that
	 * a NULL access faults (#PF) instead of silently reading the real-mode vector table.
	 */
	movl $(pdpt + 3), pml4           /* present | writable */
	mov $pd + 3, %eax
	xor %ecx, %ecx
1:	mov %eax, pdpt(, %ecx, 8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jne 1b
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax                   /* present | writable | 2 MiB page */
	mov %eax, pd(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 2b
	movl $(pt0 + 3), pd              /* PD[0] -> 4 KiB page table */
	mov $1, %ecx
3:	mov %ecx, %eax
	shl $12, %eax
	or $3, %eax                      /* present | writable */
	mov %eax, pt0(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 3b

	mov $pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	and $~CR0_EM, %eax
	or $(CR0_PG | CR0_PE | CR0_MP | CR0_NE), %eax
	mov %eax, %cr0                   /* long mode is active once paging is on */
	lgdt gdt_ptr
	ljmp $8, $entry64

	.code64
entry64:
	mov $16, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	mov $boot_stack_top, %rsp
	fninit
	call ring0_main                  /* does not return */
9:	hlt
	jmp 9b

/* Enter musl's _start with the Linux initial stack: arch_enter_program(sp, entry). */
	.global arch_enter_program
arch_enter_program:
	mov %rdi, %rsp
	xor %edx, %edx                   /* rdx: no rtld fini function */
	xor %ebp, %ebp
	jmp *%rsi

/*
 * Exception stubs, one per vector, 16 bytes apart (idt.c computes their addresses).
 * The CPU pushes an error code for vectors 8, 10-14, 17, 21, 29, 30; the others get a 0
 * so every frame looks alike: vector, error, rip, cs, rflags, rsp, ss.
 */
	.balign 16
	.global ring0_isr_base
ring0_isr_base:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.balign 16
	.if (\v == 8) || (\v >= 10 && \v <= 14) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30)
	.else
	push $0
	.endif
	push $\v
	jmp isr_common
	.endr
isr_common:
	mov %rsp, %rdi
	and $-16, %rsp
	call ring0_exception             /* does not return */
4:	hlt
	jmp 4b

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00af9a000000ffff         /* 8: 64-bit code, ring 0 */
	.quad 0x00cf92000000ffff         /* 16: data */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

	.bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4 * 4096
pt0:	.skip 4096
	.balign 16
	.skip 16384
boot_stack_top:
	.global ring0_mb_magic, ring0_mb_info
ring0_mb_magic: .long 0
ring0_mb_info: .long 0

	.section .note.GNU-stack, "", @progbits
