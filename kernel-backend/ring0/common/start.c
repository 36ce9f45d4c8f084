/*
 * The Linux process entry contract, which musl's _start (crt1.o) relies on:
 *   sp -> argc, argv[0..argc-1], NULL, envp..., NULL, auxv (type, value)..., AT_NULL
 * musl reads AT_PHDR/AT_PHENT/AT_PHNUM to find PT_TLS (static TLS init), AT_PAGESZ for
 * page_size, AT_RANDOM for the stack-protector canary and malloc secrets.
 * The environment is empty, like `env -i` on Linux.
 */
#include <elf.h>
#include "ring0.h"

#define MAX_ARGS 64

extern const unsigned char __ehdr_start[];  /* GNU ld: the ELF header, loaded with the image */
extern void _start(void);                   /* musl's crt1.o */

static unsigned char at_random[16];
static char execfn[] = "/program";

_Noreturn void ring0_start_program(char *cmdline, void *stack_top)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0;

	/*
	 * Split in place: words separated by spaces; "double quotes" keep spaces, and inside
	 * them \" and \\ stand for " and \ (the host quotes every argument that needs it).
	 */
	for (char *p = cmdline, *o = cmdline; *p && argc < MAX_ARGS;) {
		while (*p == ' ') p++;
		if (!*p) break;
		argv[argc++] = o;
		int quoted = 0;
		for (; *p && (quoted || *p != ' '); p++) {
			if (*p == '"') quoted = !quoted;
			else if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\')) *o++ = *++p;
			else *o++ = *p;
		}
		if (*p) p++;
		*o++ = 0;
	}
	if (argc == 0) argv[argc++] = execfn;

	uint64_t r1 = arch_entropy(), r2 = r1 * 6364136223846793005ull + 1442695040888963407ull;
	for (int i = 0; i < 8; i++) {
		at_random[i] = r1 >> (8 * i);
		at_random[8 + i] = r2 >> (8 * i);
	}

	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)__ehdr_start;
	uint64_t auxv[][2] = {
		{ AT_PHDR, (uint64_t)__ehdr_start + eh->e_phoff },
		{ AT_PHENT, eh->e_phentsize },
		{ AT_PHNUM, eh->e_phnum },
		{ AT_PAGESZ, 4096 },
		{ AT_ENTRY, (uint64_t)_start },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_SECURE, 0 },
		{ AT_RANDOM, (uint64_t)at_random },
		{ AT_EXECFN, (uint64_t)argv[0] },
		{ AT_NULL, 0 },
	};
	size_t words = 1 + (argc + 1) + 1 + 2 * (sizeof auxv / sizeof auxv[0]);

	/* argc must sit at a 16-byte aligned address, as on Linux. */
	uint64_t *sp = (uint64_t *)(((uintptr_t)stack_top - 8 * words) & ~(uintptr_t)15);
	uint64_t *w = sp;
	*w++ = argc;
	for (int i = 0; i < argc; i++) *w++ = (uint64_t)argv[i];
	*w++ = 0;  /* end of argv */
	*w++ = 0;  /* end of (empty) envp */
	for (size_t i = 0; i < sizeof auxv / sizeof auxv[0]; i++) {
		*w++ = auxv[i][0];
		*w++ = auxv[i][1];
	}
	arch_enter_program(sp, _start);
}
