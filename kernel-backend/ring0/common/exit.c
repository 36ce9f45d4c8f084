/* The three ways a run ends; each writes exactly one control line, then leaves qemu. */
#include "ring0.h"

_Noreturn void ring0_exit(int status)
{
	kputs(CONTROL, "exit ");
	kputdec(CONTROL, status & 0xff);
	kputs(CONTROL, "\n");
	arch_exit(status & 0xff, 0);
}

/* A signal the program sends itself (abort, raise): Linux would kill it, so do we. */
_Noreturn void ring0_signal(int sig)
{
	kputs(CONTROL, "signal ");
	kputdec(CONTROL, sig);
	kputs(CONTROL, "\n");
	arch_exit(128 + sig, 0);
}

/*
 * The arch has already printed "\nring0: fault: <vector, address, bytes>" on the console;
 * this names the trap instruction there and on the control channel ("-": not a trap).
 */
_Noreturn void ring0_fault(unsigned vector, const char *insn)
{
	kputs(CONSOLE, insn ? "; instruction: " : "; not a trap instruction");
	kputs(CONSOLE, insn ? insn : "");
	kputs(CONSOLE, "\n");
	kputs(CONTROL, "fault ");
	kputdec(CONTROL, vector);
	kputs(CONTROL, " ");
	kputs(CONTROL, insn ? insn : "-");
	kputs(CONTROL, "\n");
	arch_exit(0, 1);
}

/* Called by the generated -ENOSYS stubs (RING0_STUB, src/boot/backend-stubs.ts): tell the host, not the console. */
long ring0_enosys(const char *name)
{
	static unsigned reported;
	if (reported++ < 64) {
		kputs(CONTROL, "enosys ");
		kputs(CONTROL, name);
		kputs(CONTROL, "\n");
	}
	return -38;  /* ENOSYS on every Linux arch */
}
