// Probed functions the compiled libc does not reference on an arch. The probe reads preprocessed
// sources, where the branch of a folded `if (sizeof …)` and the static functions only it calls are
// still written; the scanner knows the compiler drops them (src/scan/dead-code.ts). musl 1.2.3's
// fstatat_statx on 64-bit arches is the case: its SYS_statx is declared, never referenced.

import type { MuslTree } from '../model/index.js';
import { neededSymbols, scan } from '../scan/index.js';
import { asmSiteFunctions } from '../arch/index.js';
import type { ProbeResult } from './probe.js';

/** Per arch, the probed keys (`syscall_SYS_statx`) that no live site of the pristine tree reaches. */
export async function unreferencedKeys(tree: MuslTree, probes: Record<string, ProbeResult>): Promise<Record<string, string[]>> {
  const arches = Object.keys(probes);
  const scanned = await scan(tree, arches);
  const out: Record<string, string[]> = {};
  for (const { arch, sites } of scanned.arches) {
    // The scan's default names are the keys the macro layer pastes; rewritten assembly calls some
    // probed keys too (i386 __set_thread_area.s → syscall_SYS_modify_ldt).
    const needed = neededSymbols(sites, { asmReferences: asmSiteFunctions(arch) });
    out[arch] = probes[arch].functions.map((f) => f.key).filter((key) => !needed.has(key));
  }
  return out;
}
