// Text for `musl-patch sync` (drift, one screen) and `sync --write` (what changed). Formatting only.

import type { BumpResult } from './bump.js';
import type { PatchOutcome } from './patch-check.js';
import type { DriftReport, PatchRef, SourceRef, UpstreamCheck } from './types.js';

const LABEL = 18;

function row(label: string, value: string): string {
  return `${label.padEnd(LABEL)}${value}`;
}

function sourceLine(src: SourceRef): string {
  if (!src.fetcher) return 'not a fetcher call (see notes)';
  return [src.fetcher, src.url ?? '(url not read)', src.rev ? `rev ${src.rev}` : ''].filter(Boolean).join(' ');
}

function upstreamText(check: UpstreamCheck, version: string): string {
  switch (check) {
    case 'matches':
      return `matches the upstream ${version} release`;
    case 'differs':
      return `DIFFERS from the upstream ${version} release tarball`;
    case 'unpinned':
      return `musl-patch has no pinned checksum for ${version}`;
    case 'no-hash':
      return 'no hash given';
    case 'not-a-tarball':
      return 'git checkout, not the release tarball (no hash to compare)';
  }
}

function patchList(patches: PatchRef[]): string {
  if (patches.length === 0) return 'none';
  const names = patches.map((p) => `${p.label}${p.kind === 'fetchurl' ? ' (fetchurl)' : ''}${p.conditional ? ' (conditional)' : ''}`);
  return `${patches.length}: ${names.join(', ')}`;
}

export function formatDrift(report: DriftReport, fixCommand: string): string {
  const { nixpkgs, includeos } = report;
  const how = nixpkgs.method === 'eval' ? 'evaluated with nix-instantiate' : `read from ${nixpkgs.file}`;
  const lines = [
    row('pkgsStatic musl', `${nixpkgs.version}   (${nixpkgs.origin}; ${how})`),
    row('  source', sourceLine(nixpkgs.src)),
  ];
  if (nixpkgs.src.hash) lines.push(row('  sha256', `${nixpkgs.src.hash.sri} — ${upstreamText(report.nixpkgsUpstream, nixpkgs.version)}`));
  else lines.push(row('  sha256', upstreamText(report.nixpkgsUpstream, nixpkgs.version)));
  lines.push(row('  nixpkgs patches', patchList(nixpkgs.patches)));
  if (includeos) {
    lines.push(row('musl-includeos', `${includeos.version}   (${includeos.file})`));
    lines.push(row('  source', sourceLine(includeos.src)));
    if (includeos.src.hash || report.includeosUpstream !== 'not-a-tarball') {
      lines.push(row('  sha256', `${includeos.src.hash?.sri ?? '-'} — ${upstreamText(report.includeosUpstream!, includeos.version)}`));
    }
    lines.push(row('  patches', patchList(includeos.patches)));
  }
  const series = Object.entries(report.series).map(([v, n]) => `${v}: ${n === null ? 'absent' : `${n} patches`}`);
  lines.push(row('patch series', series.join('   ')));
  if (!includeos) lines.push('', 'no musl-includeos derivation given (--derivation FILE): nothing to compare');
  else if (report.drift) {
    lines.push('', `DRIFT: musl-includeos builds musl ${includeos.version}, pkgsStatic uses ${nixpkgs.version}; both must be the same version.`);
    lines.push(`  fix: ${fixCommand}`);
  } else lines.push('', `in sync: both use musl ${nixpkgs.version}`);
  const notes = [...nixpkgs.notes.map((n) => `nixpkgs: ${n}`), ...(includeos?.notes ?? []).map((n) => `derivation: ${n}`)];
  if (report.nixpkgsUpstream === 'differs') notes.unshift(`nixpkgs' musl source hash is not the upstream release's: check ${nixpkgs.file ?? nixpkgs.origin}`);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

function outcomeLines(title: string, outcomes: PatchOutcome[]): string[] {
  if (outcomes.length === 0) return [row(title, 'none')];
  const lines = [title];
  for (const o of outcomes) lines.push(`    ${o.status.padEnd(16)}${o.label}${o.detail ? ` — ${o.detail}` : ''}`);
  return lines;
}

export function formatBump(result: BumpResult): string {
  const lines = [
    `musl-includeos ${result.from} → ${result.to}`,
    row('  tarball', `${result.tarball.path} (sha256 ${result.tarball.sha256}, verified)`),
    row('  src hash', result.tarball.sri),
    row('  series', `${result.series.dir} (${result.series.patches.length} patch${result.series.patches.length === 1 ? '' : 'es'}, apply cleanly to ${result.to})`),
    row('  derivation', `${result.derivation} rewritten${result.parsedByNix ? ', accepted by nix-instantiate --parse' : ''}`),
    ...result.changes.map((c) => `    ${c}`),
    ...outcomeLines("  nixpkgs' patches", result.nixpkgsPatches),
  ];
  const same = result.nixpkgsPatchesOnSeries.every((o, i) => o.status === result.nixpkgsPatches[i]?.status);
  if (!same) lines.push(...outcomeLines("  nixpkgs' patches on top of the series", result.nixpkgsPatchesOnSeries));
  else if (result.nixpkgsPatches.length > 0) lines.push('  (the same on top of the series)');
  if (result.warnings.length > 0) lines.push('', ...result.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}
