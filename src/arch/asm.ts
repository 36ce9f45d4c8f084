// The assembly contract of the supported arches (asm/<arch>.ts, reached through the table): which
// trap-holding .s files the rewrite replaces, and the backend functions each replacement calls.

import { DEFAULT_NAMING, functionName, type BackendNaming } from '../model/naming.js';
import { ARCH_TABLE } from './table.js';
import type { AsmSite } from './types.js';

const SITES: AsmSite[] = ARCH_TABLE.flatMap((a) => a.rewrite?.asm ?? []);

export function asmSites(arch: string): AsmSite[] {
  return SITES.filter((s) => s.arch === arch);
}

/**
 * The backend functions the rewritten assembly sites reference on an arch (for the scanner's
 * prediction: these are not visible as constant sites in the pristine C sources); `sites` narrows
 * it to the files a given musl version has.
 */
export function asmSiteFunctions(arch: string, naming: BackendNaming = DEFAULT_NAMING, sites: AsmSite[] = SITES): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of sites.filter((s) => s.arch === arch)) out[s.file] = s.references.map((r) => referenceName(r, naming));
  return out;
}

export function referenceName(ref: string, naming: BackendNaming): string {
  if (ref === '@dynamic') return naming.dynamic;
  if (ref === '@clone') return naming.clone;
  return functionName(ref, naming);
}
