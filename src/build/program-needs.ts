// What a program's link needs from the backend, and why: pure on the facts of src/build/link.ts.
// Every file the link took refers to symbols; a symbol's definer is the file the linker resolved
// it to. A backend function is needed when a file the link took refers to it and nothing defines
// it; the chain of a program's call is the shortest path of such references from the libc member
// the call resolves to down to a file that refers to the function (object granularity: a member
// the link takes brings every reference it makes, which is what the link then needs).
import type { AppCall, AppNeed, AppReference, AppStep, AppUndefined } from '../model/app.js';
import { compareText } from '../util/text.js';
import type { LinkNode, ProgramLink } from './link.js';

export interface ProgramNeeds {
  needs: AppNeed[];
  undefined: AppUndefined[];
  libcMembers: number;
}

export function programNeeds(link: ProgramLink, isBackend: (symbol: string) => boolean): ProgramNeeds {
  const { nodes } = link;
  const definer = definers(nodes);
  // Reversed edges: for each node, the nodes referring to a symbol it defines (and which symbol).
  const referrers = nodes.map(() => [] as { from: number; symbol: string }[]);
  nodes.forEach((node, from) => {
    for (const symbol of node.refers) {
      const to = definer.get(symbol);
      if (to !== undefined && to !== from) referrers[to].push({ from, symbol });
    }
  });

  const bySymbol = new Map<string, ProgramLink['unresolved']>();
  for (const u of link.unresolved) bySymbol.set(u.symbol, [...(bySymbol.get(u.symbol) ?? []), u]);
  const calls = programCalls(link);

  const needs: AppNeed[] = [];
  const undef: AppUndefined[] = [];
  for (const [symbol, refs] of [...bySymbol].sort(([a], [b]) => compareText(a, b))) {
    const references = uniqueReferences(refs.map((r) => ({ file: nodes[r.node].label, function: r.function })));
    if (!isBackend(symbol)) {
      undef.push({ symbol, references });
      continue;
    }
    const next = pathsTo(symbol, new Set(refs.map((r) => r.node)), nodes, referrers);
    const chain = (start: number): AppStep[] => {
      const steps: AppStep[] = [];
      for (let at: number | null = start; at !== null; ) {
        const step: { symbol: string; to: number | null } = next.get(at)!;
        steps.push({ file: nodes[at].label, symbol: step.symbol });
        at = step.to;
      }
      return steps;
    };
    const programChains: AppCall[] = [];
    let startup: AppStep[] | null = null;
    for (const c of calls) {
      if (c.symbol === symbol) {
        if (nodes[c.node].role === 'program') programChains.push({ file: nodes[c.node].label, function: c.function, symbol, chain: [] });
        continue;
      }
      const to = definer.get(c.symbol);
      if (to === undefined || nodes[to].role === 'program' || !next.has(to)) continue;
      if (nodes[c.node].role === 'program') programChains.push({ file: nodes[c.node].label, function: c.function, symbol: c.symbol, chain: chain(to) });
      else {
        const candidate = [{ file: nodes[c.node].label, symbol: c.symbol }, ...chain(to)];
        if (!startup || candidate.length < startup.length) startup = candidate;
      }
    }
    needs.push({ symbol, references, calls: uniqueCalls(programChains), startup });
  }
  const libcMembers = nodes.filter((n) => n.role === 'library' && n.label.startsWith('libc.a(')).length;
  return { needs, undefined: undef, libcMembers };
}

/** Symbol → the node the linker resolved it to: a strong definition over a weak one, else the first. */
function definers(nodes: LinkNode[]): Map<string, number> {
  const out = new Map<string, number>();
  nodes.forEach((node, i) => {
    for (const symbol of node.defined) {
      const seen = out.get(symbol);
      if (seen === undefined || (nodes[seen].weak.has(symbol) && !node.weak.has(symbol))) out.set(symbol, i);
    }
  });
  return out;
}

/**
 * Breadth-first from the nodes referring to `target`, backwards through library nodes only (a
 * program's or start-up file is where a chain starts, never a step in one): per node, the symbol to
 * follow and the node defining it (null at a node that refers to `target` itself).
 */
function pathsTo(
  target: string,
  holders: Set<number>,
  nodes: LinkNode[],
  referrers: { from: number; symbol: string }[][],
): Map<number, { symbol: string; to: number | null }> {
  const next = new Map<number, { symbol: string; to: number | null }>();
  const queue: number[] = [];
  for (const h of [...holders].sort((a, b) => a - b)) {
    next.set(h, { symbol: target, to: null });
    if (nodes[h].role === 'library') queue.push(h);
  }
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const { from, symbol } of referrers[at]) {
      if (next.has(from) || nodes[from].role !== 'library') continue;
      next.set(from, { symbol, to: at });
      queue.push(from);
    }
  }
  return next;
}

/** Every call the program's and start-up files make: by function from relocations, else the file's references. */
function programCalls(link: ProgramLink): { node: number; function: string | null; symbol: string }[] {
  const withFunctions = new Set(link.programReferences.map((r) => r.node));
  const out = [...link.programReferences];
  link.nodes.forEach((node, i) => {
    if (node.role === 'library' || withFunctions.has(i)) return;
    for (const symbol of [...node.refers].sort(compareText)) out.push({ node: i, function: null, symbol });
  });
  return out;
}

function uniqueReferences(refs: AppReference[]): AppReference[] {
  const seen = new Map(refs.map((r) => [`${r.file}\0${r.function}`, r]));
  return [...seen.values()].sort((a, b) => compareText(a.file, b.file) || compareText(a.function ?? '', b.function ?? ''));
}

function uniqueCalls(calls: AppCall[]): AppCall[] {
  const seen = new Map(calls.map((c) => [`${c.file}\0${c.function}\0${c.symbol}`, c]));
  return [...seen.values()].sort((a, b) => compareText(a.file, b.file) || compareText(a.function ?? '', b.function ?? '') || compareText(a.symbol, b.symbol));
}
