/* Negative control: the program itself executes the raw system-call trap (write(1, "!", 1)). */
#include <stdio.h>

int main(void)
{
	fputs("before the trap\n", stderr);
	static const char c = '!';
#if defined(__x86_64__)
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(1L), "D"(1L), "S"(&c), "d"(1L) : "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = 64, x0 __asm__("x0") = 1, x1 __asm__("x1") = (long)&c, x2 __asm__("x2") = 1;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
#elif defined(__riscv) && __riscv_xlen == 64
	register long a7 __asm__("a7") = 64, a0 __asm__("a0") = 1, a1 __asm__("a1") = (long)&c, a2 __asm__("a2") = 1;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
#else
#error "trap.c: no raw trap written for this arch"
#endif
	fputs("\nafter the trap\n", stderr);
	return 0;
}
