import type { SyscallSite } from '../model/index.js';

/** A site as a diff shows it: where it is (in the newer tree when it exists) and what it calls. */
export interface SiteRef {
  file: string;
  line: number;
  function: string | null;
  kind: SyscallSite['kind'];
  token: string | null;
  backendSymbol: string | null;
}

export interface SiteChange {
  before: SiteRef;
  after: SiteRef;
  /** Human-readable list of what differs: `argCount 3 → 4`, `resolves to openat (56)`. */
  changes: string[];
}

export interface ArchDiff {
  arch: string;
  newlyNeeded: string[];
  noLongerNeeded: string[];
  added: SiteRef[];
  removed: SiteRef[];
  changed: SiteChange[];
  /** With a backend: newly needed symbols it neither implements nor stubs. */
  backendLacks: string[] | null;
}

export interface StalePatch {
  patch: string;
  reason: string;
}

export interface VersionDiff {
  from: string;
  to: string;
  arches: ArchDiff[];
  /** Patches of the `from` series that do not apply to the pristine `to` tree; null when not checked. */
  stalePatches: StalePatch[] | null;
}

const ref = (s: SyscallSite): SiteRef => ({
  file: s.file,
  line: s.line,
  function: s.function,
  kind: s.kind,
  token: s.token,
  backendSymbol: s.backendSymbol,
});

/** Sites are matched by the function that holds them, never by line number. */
const place = (s: SyscallSite) => `${s.file}::${s.function ?? '<file scope>'}`;
/** Same function in another file (musl moves functions between files, e.g. ppoll). */
const functionOnly = (s: SyscallSite) => s.function ?? `<file scope of ${s.file}>`;
/** What a site is: the backend symbol it reaches (or the trap), whatever macro spells it. */
const identity = (s: SyscallSite) => s.backendSymbol ?? `${s.kind}:${s.token ?? s.callee}`;

function differences(a: SyscallSite, b: SyscallSite): string[] {
  const out: string[] = [];
  if (a.file !== b.file) out.push(`moved from ${a.file}`);
  if (a.callee !== b.callee) out.push(`now written as ${b.callee} (was ${a.callee})`);
  if (a.argCount !== b.argCount) out.push(`argument count ${a.argCount ?? '?'} → ${b.argCount ?? '?'}`);
  const res = (s: SyscallSite) => (s.resolved ? `${s.resolved.name} (${s.resolved.number})` : 'unknown');
  if (res(a) !== res(b)) out.push(`resolves to ${res(b)} instead of ${res(a)}`);
  if (a.cancellable !== b.cancellable) out.push(b.cancellable ? 'became a cancellation point' : 'no longer a cancellation point');
  if (a.conditional !== b.conditional) out.push(b.conditional ? 'now under an undecided #if' : 'no longer under an undecided #if');
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return m;
}

const bySite = (a: SiteRef, b: SiteRef) => a.file.localeCompare(b.file) || a.line - b.line || (a.token ?? '').localeCompare(b.token ?? '');

/** Compares the scans of one arch in two versions. Pure: sites in, plain data out. */
export function diffArch(arch: string, from: SyscallSite[], to: SyscallSite[], backendHas?: (symbol: string) => boolean): ArchDiff {
  const symbols = (sites: SyscallSite[]) => new Set(sites.map((s) => s.backendSymbol).filter((s): s is string => s !== null));
  const oldSyms = symbols(from);
  const newSyms = symbols(to);
  const newlyNeeded = [...newSyms].filter((s) => !oldSyms.has(s)).sort();
  const noLongerNeeded = [...oldSyms].filter((s) => !newSyms.has(s)).sort();

  const changed: SiteChange[] = [];
  // Pair sites of the same identity within the same file+function, then what is left over
  // within the same function name anywhere (a function that moved file).
  const pairUp = (olds: SyscallSite[], news: SyscallSite[], key: (s: SyscallSite) => string) => {
    const left = { olds: [] as SyscallSite[], news: [] as SyscallSite[] };
    const oldGroups = groupBy(olds, (s) => `${key(s)}|${identity(s)}`);
    const newGroups = groupBy(news, (s) => `${key(s)}|${identity(s)}`);
    for (const k of new Set([...oldGroups.keys(), ...newGroups.keys()])) {
      const a = oldGroups.get(k) ?? [];
      const b = newGroups.get(k) ?? [];
      const pairs = Math.min(a.length, b.length);
      for (let i = 0; i < pairs; i++) {
        const d = differences(a[i], b[i]);
        if (d.length > 0) changed.push({ before: ref(a[i]), after: ref(b[i]), changes: d });
      }
      left.olds.push(...a.slice(pairs));
      left.news.push(...b.slice(pairs));
    }
    return left;
  };
  const rest = pairUp(from, to, place);
  const unmatched = pairUp(rest.olds, rest.news, functionOnly);
  const added = unmatched.news.map(ref);
  const removed = unmatched.olds.map(ref);
  return {
    arch,
    newlyNeeded,
    noLongerNeeded,
    added: added.sort(bySite),
    removed: removed.sort(bySite),
    changed: changed.sort((x, y) => bySite(x.after, y.after)),
    backendLacks: backendHas ? newlyNeeded.filter((s) => !backendHas(s)) : null,
  };
}
