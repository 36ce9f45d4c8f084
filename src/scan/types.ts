// What a scan returns per arch, and how it is asked for.

import type { ArchModel, MuslTree, SyscallSite } from '../model/index.js';
import type { ScanOptions } from './scan-arch.js';

export interface ArchResult {
  arch: string;
  sites: SyscallSite[];
}

export interface ScanRunOptions extends ScanOptions {
  /** Cache root (default: MUSL_PATCH_CACHE, XDG_CACHE_HOME/musl-patch, ~/.cache/musl-patch). */
  cacheDir?: string;
  /** false: neither read nor write the cache. */
  cache?: boolean;
  loadModel?: (tree: MuslTree, arch: string) => Promise<ArchModel>;
  /** The allocator musl is configured with (`--with-malloc`): it decides which src/malloc sources are scanned. */
  malloc?: string;
}
