// The scanner stage: musl tree + arches → SyscallSite[] per arch. A cached scan loads neither the
// parser nor zod, so what needs them is imported on first use.
import type { ArchModel, MuslTree, SyscallSite } from '../model/index.js';
import type { Census } from './census.js';
import type { ScanOptions } from './scan-arch.js';
import type { ScanJson } from './schema.js';

export { scan, rememberValidated, type ScanResult } from './scan.js';
export type { ArchResult, ScanRunOptions } from './types.js';
export type { ScanOptions } from './scan-arch.js';
export { neededSymbols, type NeededOptions, type NeededSymbol } from './needed.js';
export { formatText, groupSites, toJson, type GroupBy } from './report.js';
export type { Census } from './census.js';
export type { ScanJson } from './schema.js';

/** Scans one arch without the cache (parses what it needs). */
export async function scanArch(model: ArchModel, opts: ScanOptions = {}): Promise<SyscallSite[]> {
  return (await import('./scan-arch.js')).scanArch(model, opts);
}

/** A tree-wide count of syscall-family call sites in C (DESIGN §4), parsing every file. */
export async function census(tree: MuslTree): Promise<Census> {
  return (await import('./census.js')).census(tree);
}

/** Validates a `scan --json` document against its schema (loads zod). */
export async function validateScanJson(json: unknown): Promise<ScanJson> {
  return (await import('./schema.js')).validateScanJson(json);
}
export { ArchTypes, type DataModel } from './c-types.js';
export { lex, type Token } from '../c/index.js';
