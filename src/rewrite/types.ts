// The data a rewrite produces (plain, serialisable: build caches it as rewrite.json).

import type { SupportedArch, Toolchain } from '../arch/index.js';
import type { BackendNaming } from '../model/naming.js';
import type { DynamicSite } from './dynamic.js';
import type { ProbeResult } from './probe.js';

export interface RewriteOptions {
  arches?: readonly SupportedArch[];
  naming?: BackendNaming;
  /** make -j for the probes. */
  jobs?: number;
  toolchain?: (arch: string) => Promise<Toolchain>;
  /** Where the probes' results are cached (default: the musl-patch cache directory). */
  cacheRoot?: string;
}

export interface FileChange {
  path: string;
  change: 'modified' | 'added' | 'deleted';
  why: string;
}

export interface RewriteResult {
  version: string;
  /** The patched tree. */
  root: string;
  arches: SupportedArch[];
  naming: BackendNaming;
  changes: FileChange[];
  dynamicSites: DynamicSite[];
  probes: Record<string, ProbeResult>;
  /** Per arch: probed keys the compiled libc does not reference (code the compiler drops). */
  unreferenced: Record<string, string[]>;
  /** Per arch: pristine assembly file → backend functions its replacement references. */
  asmFunctions: Record<string, Record<string, string[]>>;
}
