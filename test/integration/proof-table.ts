// The CI log's proof table: one row per version × arch, filled by the suites that prove each part
// (test/integration/build/patched-libc.test.ts: trap gate, nm equality, duplicates;
// test/e2e/conformance.test.ts: programs matching plain musl; test/integration/boot/programs.test.ts:
// ring-0 boots matching Linux) and printed once at the end of the
// run by the global setup's teardown. Rows are appended as JSON lines to a file the setup names.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { BOOT_ARCHES } from '../../src/arch/index.js';

export interface ProofFields {
  traps?: number;
  nmMissing?: number;
  nmUnexpected?: number;
  /** The differences by name, printed under the table. */
  nmDifferences?: string[];
  duplicates?: number;
  backendSymbols?: number;
  e2eMatch?: number;
  e2eTotal?: number;
  /** Ring-0 boots matching Linux (the arch table's bootable arches only). */
  bootMatch?: number;
  bootTotal?: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    proofFile: string;
  }
}

/** `profile` names a kernel profile the build was made with (none: musl-patch's default build). */
export function recordProof(version: string, arch: string, fields: ProofFields, profile?: string): void {
  appendFileSync(inject('proofFile'), `${JSON.stringify({ version, arch, ...(profile ? { profile } : {}), ...fields })}\n`);
}

/** The table, or null when no suite recorded anything (a partial run). */
export function renderProofTable(file: string, versions: readonly string[], arches: readonly string[]): string | null {
  if (!existsSync(file)) return null;
  const rows = new Map<string, ProofFields>();
  const profiled = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const { version, arch, profile, ...fields } = JSON.parse(line) as ProofFields & { version: string; arch: string; profile?: string };
    const cell = profile ? `${version} (${profile})` : version;
    if (profile) profiled.add(cell);
    rows.set(`${cell} ${arch}`, { ...rows.get(`${cell} ${arch}`), ...fields });
  }
  if (rows.size === 0) return null;
  const show = (n: number | undefined) => (n === undefined ? 'not run' : String(n));
  const header = ['version', 'arch', 'traps', 'nm missing/unexpected', 'duplicates', 'backend symbols', 'e2e match', 'ring-0 boot'];
  // Rows of kernel profiles (e.g. IncludeOS's oldmalloc build) follow their version's default rows.
  const cells = versions.flatMap((v) => [v, ...[...profiled].filter((c) => c.startsWith(`${v} (`)).sort()]);
  const body = cells.flatMap((v) =>
    arches.map((a) => {
      const r = rows.get(`${v} ${a}`) ?? {};
      const nm = r.nmMissing === undefined ? 'not run' : `${r.nmMissing}/${r.nmUnexpected}`;
      const e2e = r.e2eMatch === undefined ? 'not run' : `${r.e2eMatch}/${r.e2eTotal}`;
      const boot = r.bootMatch === undefined ? (BOOT_ARCHES.includes(a) ? 'not run' : 'n/a') : `${r.bootMatch}/${r.bootTotal}`;
      return [v, a, show(r.traps), nm, show(r.duplicates), show(r.backendSymbols), e2e, boot];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const notes = [...rows].filter(([, r]) => r.nmDifferences?.length).map(([cell, r]) => `  nm differences ${cell}: ${r.nmDifferences!.join(', ')}`);
  return ['', 'Proof per version × arch (patched musl)', line(header), ...body.map(line), ...notes].join('\n');
}
