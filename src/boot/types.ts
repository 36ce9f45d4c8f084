import type { BootArch } from '../arch/index.js';

/** The arches `musl-patch boot` can run in ring 0 / EL1 under qemu-system: those with `boot` in the arch table. */
export { BOOT_ARCHES, type BootArch } from '../arch/index.js';

export interface BootOptions {
  /** musl version the libc was built from (the libc itself comes from `libcDir`; the version's scan decides the backend's stubs). */
  version: string;
  arch: BootArch;
  /** C source of the program; default: kernel-backend/ring0/programs/hello.c. */
  program?: string;
  /** Seconds before the run is stopped and reported as a timeout (default 30). */
  timeoutS?: number;
  /** A `make install` prefix of a (patched) musl: lib/libc.a, lib/crt1.o, lib/crti.o, lib/crtn.o, include/. */
  libcDir: string;
  /** Program arguments after argv[0] (argv[0] is the program's file name without `.c`). */
  args?: string[];
  /** Guest RAM (default 512). */
  memoryMiB?: number;
  /** Where to build; default: a fresh temporary directory, removed afterwards unless `keep`. */
  workDir?: string;
  keep?: boolean;
  /** Console bytes as they arrive (the program's stdout+stderr, then any fault report). */
  onOutput?: (chunk: Buffer) => void;
}

/** How a run ended. `status` is what `musl-patch boot` exits with. */
export type BootOutcome =
  | { kind: 'exit'; status: number }
  | { kind: 'signal'; signal: number; status: number }
  /** `vector`: x86 exception vector / aarch64 ESR.EC / riscv64 mcause; `instruction`: the trap that faulted, null for any other fault (NULL access, ...). */
  | { kind: 'fault'; vector: number; instruction: string | null; status: number }
  /** `cpu`: where the CPU was when stopped (`halted`: an x86 `hlt`, which musl's a_crash is), if qemu said. */
  | { kind: 'timeout'; status: number; cpu: { pc: string; halted: boolean } | null }
  | { kind: 'lost'; status: number; detail: string };

/** Distinct statuses for runs that did not end by the program's own exit. */
export const FAULT_STATUS = 125;
export const TIMEOUT_STATUS = 124;
export const LOST_STATUS = 123;

export interface BootResult {
  outcome: BootOutcome;
  /** Everything the program (and the kernel's fault report) wrote to the console. */
  output: string;
  /** The kernel's report line for a fault ("ring0: fault: ..."), else null. */
  faultLine: string | null;
  /** Backend stubs the program called (each returned -ENOSYS), in call order, unique. */
  enosys: string[];
  /** Backend symbols the link resolved with generated -ENOSYS stubs. */
  stubbed: string[];
  /** Wall time of the qemu run (boot + program + exit). */
  runMs: number;
  image: string;
}
