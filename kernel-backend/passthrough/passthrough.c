/* musl-patch passthrough backend: every backend function issues the host Linux system call it
 * stands for. Linked with a patched libc it runs ordinary programs on Linux (x86_64 natively,
 * i386, aarch64 and riscv64 under qemu-user), which is how the patched libc is tested against
 * plain musl.
 *
 * The functions with a constant system call are generated per musl version and arch:
 * PASSTHROUGH_TABLE names a header of PT_FUNCTION<arity>(name, number) lines (committed ones:
 * passthrough/<version>/<arch>.h). This file holds what does not depend on it: the raw trap,
 * syscall_n, rt_sigaction and the assembly-contract functions. Names are musl-patch's defaults;
 * a build with another naming renames the symbols of the object afterwards (objcopy).
 *
 * Build: cc -c -O2 -ffreestanding -fno-builtin -fno-stack-protector -nostdinc
 *           -DPASSTHROUGH_TABLE='"passthrough/1.2.5/x86_64.h"' passthrough.c
 * (no stack protector and no errno: __set_thread_area calls in here before TLS exists). */

#ifndef PASSTHROUGH_TABLE
#error "define PASSTHROUGH_TABLE as the generated function table header"
#endif

long pt_syscall6(long n, long a, long b, long c, long d, long e, long f);

#if defined(__x86_64__)

#define PT_RT_SIGACTION_NR 13

long pt_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	unsigned long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ __volatile__ ("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c),
	                      "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return ret;
}

/* The signal frame is at the stack pointer: no prologue, no return. */
__asm__ (
	".text\n"
	".global syscall_SYS_rt_sigreturn\n"
	".type syscall_SYS_rt_sigreturn,@function\n"
	"syscall_SYS_rt_sigreturn:\n"
	"	mov $15,%eax\n"
	"	syscall\n"
	"	hlt\n"
);

/* musl 1.2.5 src/thread/x86_64/clone.s (MIT), renamed: __clone(func, stack, flags, arg, ptid, tls, ctid). */
__asm__ (
	".text\n"
	".global syscall_clone\n"
	".type syscall_clone,@function\n"
	"syscall_clone:\n"
	"	xor %eax,%eax\n"
	"	mov $56,%al\n"
	"	mov %rdi,%r11\n"
	"	mov %rdx,%rdi\n"
	"	mov %r8,%rdx\n"
	"	mov %r9,%r8\n"
	"	mov 8(%rsp),%r10\n"
	"	mov %r11,%r9\n"
	"	and $-16,%rsi\n"
	"	sub $8,%rsi\n"
	"	mov %rcx,(%rsi)\n"
	"	syscall\n"
	"	test %eax,%eax\n"
	"	jnz 1f\n"
	"	xor %ebp,%ebp\n"
	"	pop %rdi\n"
	"	call *%r9\n"
	"	mov %eax,%edi\n"
	"	xor %eax,%eax\n"
	"	mov $60,%al\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
);

#elif defined(__i386__)

#define PT_RT_SIGACTION_NR 174

__asm__ (
	".text\n"
	".global pt_syscall6\n"
	".type pt_syscall6,@function\n"
	"pt_syscall6:\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %edi\n"
	"	push %ebp\n"
	"	mov 20(%esp),%eax\n"
	"	mov 24(%esp),%ebx\n"
	"	mov 28(%esp),%ecx\n"
	"	mov 32(%esp),%edx\n"
	"	mov 36(%esp),%esi\n"
	"	mov 40(%esp),%edi\n"
	"	mov 44(%esp),%ebp\n"
	"	int $128\n"
	"	pop %ebp\n"
	"	pop %edi\n"
	"	pop %esi\n"
	"	pop %ebx\n"
	"	ret\n"

	".global syscall_SYS_sigreturn\n"
	".type syscall_SYS_sigreturn,@function\n"
	"syscall_SYS_sigreturn:\n"
	"	movl $119,%eax\n"
	"	int $128\n"
	"	hlt\n"

	".global syscall_SYS_rt_sigreturn\n"
	".type syscall_SYS_rt_sigreturn,@function\n"
	"syscall_SYS_rt_sigreturn:\n"
	"	movl $173,%eax\n"
	"	int $128\n"
	"	hlt\n"

	/* musl 1.2.5 src/thread/i386/clone.s (MIT), renamed. */
	".global syscall_clone\n"
	".type syscall_clone,@function\n"
	"syscall_clone:\n"
	"	push %ebp\n"
	"	mov %esp,%ebp\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %edi\n"
	"	xor %eax,%eax\n"
	"	push $0x51\n"
	"	mov %gs,%ax\n"
	"	push $0xfffff\n"
	"	shr $3,%eax\n"
	"	push 28(%ebp)\n"
	"	push %eax\n"
	"	mov $120,%al\n"
	"	mov 12(%ebp),%ecx\n"
	"	mov 16(%ebp),%ebx\n"
	"	and $-16,%ecx\n"
	"	sub $16,%ecx\n"
	"	mov 20(%ebp),%edi\n"
	"	mov %edi,(%ecx)\n"
	"	mov 24(%ebp),%edx\n"
	"	mov %esp,%esi\n"
	"	mov 32(%ebp),%edi\n"
	"	mov 8(%ebp),%ebp\n"
	"	int $128\n"
	"	test %eax,%eax\n"
	"	jnz 1f\n"
	"	mov %ebp,%eax\n"
	"	xor %ebp,%ebp\n"
	"	call *%eax\n"
	"	mov %eax,%ebx\n"
	"	xor %eax,%eax\n"
	"	inc %eax\n"
	"	int $128\n"
	"	hlt\n"
	"1:	add $16,%esp\n"
	"	pop %edi\n"
	"	pop %esi\n"
	"	pop %ebx\n"
	"	pop %ebp\n"
	"	ret\n"
);

#elif defined(__aarch64__)

#define PT_RT_SIGACTION_NR 134

long pt_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ __volatile__ ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	                      : "memory", "cc");
	return x0;
}

__asm__ (
	".text\n"
	".global syscall_SYS_rt_sigreturn\n"
	".type syscall_SYS_rt_sigreturn,%function\n"
	"syscall_SYS_rt_sigreturn:\n"
	"	mov x8,#139\n"
	"	svc 0\n"

	/* musl 1.2.5 src/thread/aarch64/clone.s (MIT), renamed. */
	".global syscall_clone\n"
	".type syscall_clone,%function\n"
	"syscall_clone:\n"
	"	and x1,x1,#-16\n"
	"	stp x0,x3,[x1,#-16]!\n"
	"	uxtw x0,w2\n"
	"	mov x2,x4\n"
	"	mov x3,x5\n"
	"	mov x4,x6\n"
	"	mov x8,#220\n"
	"	svc #0\n"
	"	cbz x0,1f\n"
	"	ret\n"
	"1:	ldp x1,x0,[sp],#16\n"
	"	blr x1\n"
	"	mov x8,#93\n"
	"	svc #0\n"
);

#elif defined(__riscv) && __riscv_xlen == 64

#define PT_RT_SIGACTION_NR 134

long pt_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	__asm__ __volatile__ ("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
	                      : "memory");
	return a0;
}

/* musl's riscv64 sigaction passes no restorer (no SA_RESTORER): Linux returns from a handler
 * through its vDSO trampoline, so this entry only completes the contract. */
__asm__ (
	".text\n"
	".global syscall_SYS_rt_sigreturn\n"
	".type syscall_SYS_rt_sigreturn,%function\n"
	"syscall_SYS_rt_sigreturn:\n"
	"	li a7, 139\n"
	"	ecall\n"

	/* musl 1.2.6 src/thread/riscv64/clone.s (MIT), renamed. */
	".global syscall_clone\n"
	".type syscall_clone,%function\n"
	"syscall_clone:\n"
	"	andi a1, a1, -16\n"
	"	addi a1, a1, -16\n"
	"	sd a0, 0(a1)\n"
	"	sd a3, 8(a1)\n"
	"	mv a0, a2\n"
	"	mv a2, a4\n"
	"	mv a3, a5\n"
	"	mv a4, a6\n"
	"	li a7, 220\n"
	"	ecall\n"
	"	beqz a0, 1f\n"
	"	ret\n"
	"1:	ld a1, 0(sp)\n"
	"	ld a0, 8(sp)\n"
	"	jalr a1\n"
	"	li a7, 93\n"
	"	ecall\n"
);

#else
#error "passthrough backend: unsupported arch"
#endif

long syscall_n(long n, long a, long b, long c, long d, long e, long f)
{
	return pt_syscall6(n, a, b, c, d, e, f);
}

/* Cancellation contract: a cancellable call interrupted by the cancel signal returns -EINTR,
 * and libc then acts on the pending cancel. On Linux that means musl's SIGCANCEL handler must
 * not be installed with SA_RESTART, or a blocked read or futex wait would just resume. (Only
 * this test backend changes the flag; a thread blocked in a non-cancellable call can then see
 * EINTR where plain musl restarts.) */
#define PT_SIGCANCEL 33
#define PT_SA_RESTART 0x10000000UL
struct pt_k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned mask[2];
};

long syscall_SYS_rt_sigaction(long sig, long act, long oact, long size)
{
	struct pt_k_sigaction copy;
	if (sig == PT_SIGCANCEL && act) {
		copy = *(const struct pt_k_sigaction *)act;
		copy.flags &= ~PT_SA_RESTART;
		act = (long)&copy;
	}
	return pt_syscall6(PT_RT_SIGACTION_NR, sig, act, oact, size, 0, 0);
}

/* The generated functions: each one issues its system call with its arguments, zero-padded. */

#define PT_FUNCTION0(name, nr) long name(void) { return pt_syscall6(nr, 0, 0, 0, 0, 0, 0); }
#define PT_FUNCTION1(name, nr) long name(long a) { return pt_syscall6(nr, a, 0, 0, 0, 0, 0); }
#define PT_FUNCTION2(name, nr) long name(long a, long b) { return pt_syscall6(nr, a, b, 0, 0, 0, 0); }
#define PT_FUNCTION3(name, nr) long name(long a, long b, long c) { return pt_syscall6(nr, a, b, c, 0, 0, 0); }
#define PT_FUNCTION4(name, nr) long name(long a, long b, long c, long d) { return pt_syscall6(nr, a, b, c, d, 0, 0); }
#define PT_FUNCTION5(name, nr) long name(long a, long b, long c, long d, long e) { return pt_syscall6(nr, a, b, c, d, e, 0); }
#define PT_FUNCTION6(name, nr) long name(long a, long b, long c, long d, long e, long f) { return pt_syscall6(nr, a, b, c, d, e, f); }

#include PASSTHROUGH_TABLE
