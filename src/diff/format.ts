import type { ArchDiff, SiteRef, VersionDiff } from './version-diff.js';

const where = (s: SiteRef) => `${s.file}:${s.line}${s.function ? ` ${s.function}()` : ''}`;
const what = (s: SiteRef) => (s.kind === 'trap' ? `trap ${s.token ?? ''}`.trim() : (s.backendSymbol ?? s.token ?? s.kind));
const list = (xs: string[]) => (xs.length ? xs.join(', ') : 'none');

function archText(a: ArchDiff): string[] {
  const lines = [`${a.arch}:`];
  lines.push(`  newly needed (${a.newlyNeeded.length}): ${list(a.newlyNeeded)}`);
  lines.push(`  no longer needed (${a.noLongerNeeded.length}): ${list(a.noLongerNeeded)}`);
  if (a.backendLacks) lines.push(`  backend lacks (${a.backendLacks.length}): ${list(a.backendLacks)}`);
  lines.push(`  sites: ${a.added.length} added, ${a.removed.length} removed, ${a.changed.length} changed`);
  for (const s of a.added) lines.push(`    + ${where(s)}  ${what(s)}`);
  for (const s of a.removed) lines.push(`    - ${where(s)}  ${what(s)}`);
  for (const c of a.changed) lines.push(`    ~ ${where(c.after)}  ${what(c.after)}: ${c.changes.join('; ')}`);
  return lines;
}

export function diffText(d: VersionDiff): string {
  const lines = [`musl ${d.from} → ${d.to}`];
  for (const a of d.arches) lines.push(...archText(a));
  if (d.stalePatches) {
    lines.push(d.stalePatches.length === 0 ? `patch series ${d.from}: every patch applies to ${d.to}` : `patch series ${d.from}: ${d.stalePatches.length} patch(es) no longer apply to ${d.to}:`);
    for (const p of d.stalePatches) lines.push(`  ${p.patch}: ${p.reason}`);
  }
  return lines.join('\n') + '\n';
}

export function diffJson(d: VersionDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}

export function diffMarkdown(d: VersionDiff): string {
  const out = [`### musl ${d.from} → ${d.to}`, '', '| arch | newly needed | no longer needed | sites added | removed | changed |' + (d.arches.some((a) => a.backendLacks) ? ' backend lacks |' : ''), '|---|---|---|---|---|---|' + (d.arches.some((a) => a.backendLacks) ? '---|' : '')];
  for (const a of d.arches) {
    out.push(`| ${a.arch} | ${a.newlyNeeded.length} | ${a.noLongerNeeded.length} | ${a.added.length} | ${a.removed.length} | ${a.changed.length} |` + (a.backendLacks ? ` ${a.backendLacks.length} |` : ''));
  }
  for (const a of d.arches) {
    out.push('', `<details><summary>${a.arch}</summary>`, '');
    if (a.newlyNeeded.length) out.push(`**Newly needed:** ${a.newlyNeeded.map((s) => `\`${s}\``).join(', ')}`, '');
    if (a.noLongerNeeded.length) out.push(`**No longer needed:** ${a.noLongerNeeded.map((s) => `\`${s}\``).join(', ')}`, '');
    if (a.backendLacks?.length) out.push(`**Backend lacks:** ${a.backendLacks.map((s) => `\`${s}\``).join(', ')}`, '');
    const rows = [
      ...a.added.map((s) => `| added | \`${where(s)}\` | \`${what(s)}\` | |`),
      ...a.removed.map((s) => `| removed | \`${where(s)}\` | \`${what(s)}\` | |`),
      ...a.changed.map((c) => `| changed | \`${where(c.after)}\` | \`${what(c.after)}\` | ${c.changes.join('; ')} |`),
    ];
    if (rows.length) out.push('| | site | calls | change |', '|---|---|---|---|', ...rows);
    out.push('', '</details>');
  }
  if (d.stalePatches?.length) {
    out.push('', `**Patches of ${d.from} that no longer apply:**`, '', ...d.stalePatches.map((p) => `- \`${p.patch}\`: ${p.reason}`));
  }
  return out.join('\n') + '\n';
}
