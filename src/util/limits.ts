// Explicit limits on what musl-patch reads, each far above real musl (figures for musl 1.2.5) and
// named in the error that reports it, so that a hostile or broken input fails in one line instead
// of exhausting memory, the stack or the user's patience.

const MiB = 1024 * 1024;

type LimitName = 'archiveMembers' | 'archiveMemberBytes' | 'archiveTotalBytes' | 'sourceFileBytes' | 'macroDepth' | 'macroExpansionTokens';

export const LIMITS: Readonly<Record<LimitName, number>> = {
  /** Members of a release tarball (musl 1.2.5: 2,933). */
  archiveMembers: 50_000,
  /** Size of one tarball member (largest in musl 1.2.5: src/locale/gb18030.h, 145 KB). */
  archiveMemberBytes: 16 * MiB,
  /** Unpacked size of a tarball (musl 1.2.5: 14 MB). */
  archiveTotalBytes: 256 * MiB,
  /** A C source file the scanner or the backend reader reads (largest in musl: 145 KB). */
  sourceFileBytes: 16 * MiB,
  /** Macro expansions being rescanned at once (musl's deepest: under 20). */
  macroDepth: 100_000,
  /** Tokens produced by expanding one line or one call (musl's largest: a few thousand). */
  macroExpansionTokens: 5_000_000,
};

export function formatBytes(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(n % MiB === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}
