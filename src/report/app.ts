// The parts of a report about one program (`coverage --app`) that every format shows the same way:
// per arch, each backend function it needs that is a problem (missing, stub, wrong arity or ABI)
// with the chains from the program's own calls, and the program's own undefined symbols. Derived
// data and chain text only; the reporters lay them out.
import type { CoverageEntry, CoverageReport } from '../model/index.js';
import type { AppArch, AppCall, AppNeed, AppStep } from '../model/app.js';

export interface AppNeedRow {
  need: AppNeed;
  entry: CoverageEntry;
}

export interface AppSection {
  app: AppArch;
  /** The needs whose entry is a problem (all of them with `all`), in symbol order. */
  rows: AppNeedRow[];
}

/** Per arch of the report's program: its needs joined with their coverage entries. */
export function appSections(report: CoverageReport, options: { all?: boolean } = {}): AppSection[] {
  if (!report.app) return [];
  return report.app.arches.map((app) => {
    const entries = new Map((report.arches.find((a) => a.arch === app.arch)?.entries ?? []).map((e) => [e.symbol, e]));
    const rows = app.needs
      .map((need) => ({ need, entry: entries.get(need.symbol)! }))
      .filter((r) => r.entry && (options.all || isProblemEntry(r.entry)));
    return { app, rows };
  });
}

export function isProblemEntry(e: CoverageEntry): boolean {
  return e.status !== 'implemented' || e.arityMismatch || e.abi.length > 0;
}

/** `main.o: main → getaddrinfo → __lookup_name → … → syscall_SYS_socket`: the program's call, then the symbols in between. */
export function callText(call: AppCall, target: string): string {
  const from = call.function ? `${call.file}: ${call.function}` : call.file;
  return [from, call.symbol, ...stepSymbols(call.chain, call.symbol, target)].join(' → ');
}

/** `start-up: crt1.o → __libc_start_main → exit → _Exit → syscall_SYS_exit`. */
export function startupText(steps: AppStep[], target: string): string {
  return ['start-up: ' + steps[0].file, steps[0].symbol, ...stepSymbols(steps.slice(1), steps[0].symbol, target)].join(' → ');
}

/** The symbols a chain follows after `first`, ending with the target (which the last step refers to). */
function stepSymbols(chain: AppStep[], first: string, target: string): string[] {
  const symbols = chain.map((s) => s.symbol);
  if (first === target) return [];
  return symbols.length > 0 && symbols[symbols.length - 1] === target ? symbols : [...symbols, target];
}

/** Every chain of a need as text: the program's calls first, then the start-up's. */
export function chainLines(need: AppNeed): string[] {
  return [...need.calls.map((c) => callText(c, need.symbol)), ...(need.startup ? [startupText(need.startup, need.symbol)] : [])];
}

/** `hello.o` or `main.o, net.o (+2 more)`: the program's files of one arch, for headings. */
export function programName(app: AppArch): string {
  const files = app.inputs.map((i) => i.file);
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} (+${files.length - 3} more)`;
}

/** One sentence on how the needs were read. */
export function methodText(app: AppArch): string {
  return app.method === 'link'
    ? `linked against ${app.libc} without a backend: ${app.libcMembers} libc.a members, ${app.needs.length} backend function(s) left to resolve`
    : `a linked executable: the ${app.needs.length} backend function(s) in its symbol table (link its objects with --app for the chains)`;
}

/** What an arrow of a chain means (object granularity: the unit the linker takes). */
export const CHAIN_LEGEND = 'a → b: the libc object defining a refers to b, so a call of a links b in';

/** How many chains a list shows before "+N more". */
export const CHAINS_SHOWN = 6;
