// Reporters for scan results: plain data in (ArchResult), text or JSON out. No scanning here.

import type { SiteKind, SyscallSite } from '../model/index.js';
import { SITE_KINDS } from '../model/kinds.js';
import { neededSymbols } from './needed.js';
import { compareText as cmp } from '../util/text.js';
import type { ArchScanJson, ScanJson } from './schema.js';
import type { ArchResult } from './types.js';

export type GroupBy = 'site' | 'syscall' | 'function';
const KINDS: readonly SiteKind[] = SITE_KINDS;

export interface Group {
  key: string;
  detail: string | null;
  sites: SyscallSite[];
}

export function counts(sites: SyscallSite[]): ArchScanJson['counts'] {
  const by = (k: SiteKind) => sites.filter((s) => s.kind === k).length;
  return {
    total: sites.length,
    constant: by('constant'),
    socketcall: by('socketcall'),
    wrapper: by('wrapper'),
    dynamic: by('dynamic'),
    trap: by('trap'),
    conditional: sites.filter((s) => s.conditional).length,
    backendSymbols: neededSymbols(sites).size,
  };
}

export function trapFiles(sites: SyscallSite[]): { file: string; count: number }[] {
  const m = new Map<string, number>();
  for (const s of sites) if (s.kind === 'trap') m.set(s.file, (m.get(s.file) ?? 0) + 1);
  return [...m].sort(([a], [b]) => cmp(a, b)).map(([file, count]) => ({ file, count }));
}

/** `syscall`: one group per backend symbol (traps under their instruction); `function`: per enclosing function. */
export function groupSites(sites: SyscallSite[], by: 'syscall' | 'function'): Group[] {
  const groups = new Map<string, Group>();
  for (const s of sites) {
    let key: string;
    let detail: string | null;
    if (by === 'syscall') {
      key = s.backendSymbol ?? `trap: ${s.callee}`;
      detail = s.resolved ? `${s.resolved.name} #${s.resolved.number}` : null;
    } else {
      key = `${s.file}: ${s.function ?? '<file scope>'}`;
      detail = s.objectSymbols.length ? s.objectSymbols.join(' ') : null;
    }
    const g = groups.get(key);
    if (g) {
      g.sites.push(s);
      if (g.detail === null) g.detail = detail;
    } else groups.set(key, { key, detail, sites: [s] });
  }
  return [...groups.values()].sort((a, b) => cmp(a.key, b.key));
}

/** The `--json` document (validate it with validateScanJson unless its sites came validated from the cache). */
export function toJson(version: string, arches: ArchResult[], by?: GroupBy): ScanJson {
  const json: ScanJson = {
    tool: 'musl-patch scan',
    version,
    arches: arches.map(({ arch, sites }) => ({
      arch,
      counts: counts(sites),
      trapFiles: trapFiles(sites),
      backendSymbols: [...neededSymbols(sites)].map(([name, n]) => ({ name, arity: n.arity, sites: n.sites.length })),
      ...(by && by !== 'site'
        ? { groups: groupSites(sites, by).map((g) => ({ key: g.key, detail: g.detail, sites: g.sites.map((s) => ({ file: s.file, line: s.line, column: s.column })) })) }
        : {}),
      sites,
    })),
  };
  return json;
}

function siteLine(s: SyscallSite): string {
  const what =
    s.kind === 'trap'
      ? `trap \`${s.callee}\`${s.backendSymbol ? ` → ${s.backendSymbol}` : ''}`
      : `${s.callee}(${s.token}${s.argCount ? `, +${s.argCount}` : ''}) → ${s.backendSymbol ?? '(none)'}${s.resolved ? ` [${s.resolved.name} #${s.resolved.number}]` : ''}`;
  const flags = [s.conditional ? 'conditional' : '', s.viaMacro ? `via ${s.viaMacro}` : ''].filter(Boolean).join(', ');
  return `    ${s.file}:${s.line}:${s.column}  ${s.kind.padEnd(10)} ${what}  in ${s.function ?? '<file scope>'}${flags ? `  (${flags})` : ''}`;
}

export function formatText(version: string, arches: ArchResult[], by?: GroupBy): string {
  const out: string[] = [];
  for (const { arch, sites } of arches) {
    const c = counts(sites);
    out.push(`musl ${version} ${arch}: ${c.total} syscall sites, ${c.backendSymbols} backend symbols`);
    out.push(`  ${KINDS.map((k) => `${c[k]} ${k}`).join(', ')}; ${c.conditional} conditional (undecidable #if or sizeof)`);
    const traps = trapFiles(sites);
    out.push(traps.length ? `  files with traps: ${traps.map((t) => `${t.file} (${t.count})`).join(', ')}` : '  files with traps: none');
    if (by === 'site') for (const s of sites) out.push(siteLine(s));
    else if (by) {
      for (const g of groupSites(sites, by)) {
        out.push(`  ${g.key}${g.detail ? `  [${g.detail}]` : ''}: ${g.sites.length} site${g.sites.length === 1 ? '' : 's'}`);
        for (const s of g.sites) out.push(siteLine(s));
      }
    }
  }
  return `${out.join('\n')}\n`;
}
