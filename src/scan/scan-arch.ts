// The scan of one arch: every file musl's Makefile compiles for it, walked with that arch's
// preprocessor state, every syscall site classified and placed.

import type { ArchModel, SyscallSite } from '../model/index.js';
import { UserError } from '../util/errors.js';
import { DEFAULT_NAMING, type BackendNaming } from '../model/naming.js';
import { cParser } from '../util/parser.js';
import {
  classifyMacroCall,
  classifyPrimitiveCall,
  isPrimitive,
  isWrapper,
  trapMeaning,
  trapsInTemplate,
  type SiteMeaning,
} from './classify.js';
import { alltypesTemplate, archTypes } from './c-types.js';
import { atLine, evaluateCConstant } from '../c/index.js';
import { liveness, Liveness, type LineRegion } from './dead-code.js';
import { isPublicName, type CallFact, type FileFacts, type GuardFact, type InlineAsmFact } from './facts.js';
import { ArchBase, MacroEnv } from './macro-env.js';
import { LineState, Preprocessor, type FactsSource } from './preprocess.js';
import { compareSites } from './order.js';
import { lex, type Token } from '../c/index.js';
import { TreeIndex } from './tree-index.js';
import { asmStatements, trapInstruction } from '../arch/index.js';

export interface ScanOptions {
  /** How sites' backend symbols are named (default: IncludeOS's). */
  naming?: BackendNaming;
}

export const SYSCALL_HEADER = 'obj/include/bits/syscall.h';

/** Scans one arch. Parses what it needs; use `scan()` to share the parsing between arches. */
export async function scanArch(model: ArchModel, opts: ScanOptions = {}): Promise<SyscallSite[]> {
  const index = new TreeIndex(model.tree.root, await cParser());
  index.prepare();
  return scanArchWith(index, model, opts);
}

interface HeaderSite {
  site: SyscallSite;
  state: LineState;
}

/**
 * What scanning an arch's files found, before header sites are judged: plain data, so that
 * scans of parts of a tree (e.g. an incremental re-scan) can be put together by `finishArch`.
 */
export interface ArchPartial {
  arch: string;
  /** Sites in the scanned files themselves. */
  sites: SyscallSite[];
  /** Sites in headers, with whether some object compiles them (Active) or it is undecidable. */
  headerSites: HeaderSite[];
  /** Called name → scanned files calling it. */
  callers: [string, string[]][];
  /** Header function → names it calls. */
  headerEdges: [string, string[]][];
  /** Public symbols of the scanned files that can reach a syscall. */
  symbols: [string, string[]][];
}

export function scanArchWith(index: TreeIndex, model: ArchModel, opts: ScanOptions = {}): SyscallSite[] {
  return finishArch([collectArch(index, model, [...model.sources, ...model.crt], opts)]);
}

/** Scans `files` (sources or crt files of the model) for one arch. */
export function collectArch(index: TreeIndex, model: ArchModel, scanFiles: string[], opts: ScanOptions = {}): ArchPartial {
  const naming = opts.naming ?? DEFAULT_NAMING;
  const arch = model.arch;
  const base = new ArchBase(arch, model.table, index.definedInTree);
  const files = archFiles(index, model);
  const pp = new Preprocessor(files, model.includeDirs);
  const sites: SyscallSite[] = [];
  const headerSites = new Map<string, HeaderSite>();
  /** Per called name: the scanned sources that call it. */
  const callers = new Map<string, Set<string>>();
  /** Per header function: the names its body calls (static inline functions calling each other). */
  const headerEdges = new Map<string, Set<string>>();
  const headersSeen = new Set<FileFacts>();
  const headerMeanings = new Map<CallFact, SiteMeaning[]>();
  const mergeHeaderSite = ({ site, state }: HeaderSite) => {
    const key = `${site.file}:${site.line}:${site.column}:${site.callee}:${site.token}`;
    const prev = headerSites.get(key);
    if (!prev) headerSites.set(key, { site, state });
    else if (state === LineState.Active) prev.state = LineState.Active;
  };
  const asmMeanings = new Map<InlineAsmFact, Map<string, string[]>>();
  const types = archTypes(index, model, pp);

  const symbols = new Map<string, string[]>();
  for (const file of scanFiles) {
    const main = index.facts(file);
    if (!main) throw new UserError(`${file} is listed for ${arch} but missing from ${model.tree.root}`, 'the musl tree is incomplete: re-extract it');
    if (main.lang === 'c' && interestingCalls(index, main).length === 0 && main.inlineAsm.length === 0) continue;
    // Filled after the file is preprocessed (macros may rename its definitions); sites share it.
    const objectSymbols: string[] = [];
    symbols.set(file, objectSymbols);
    /** The main file's sites with their offsets, judged against folded guards once it is walked. */
    const own: { site: SyscallSite; offset: number }[] = [];
    const guardValues = new Map<GuardFact, bigint | null | 'runtime'>();
    const mainLines: LineRegion[] = [];
    const place = (f: FileFacts, line: number, column: number, fn: string | null, m: SiteMeaning, state: LineState, offset: number | null = null) => {
      const site: SyscallSite = {
        arch,
        kind: m.kind,
        file: f.file,
        line,
        column,
        function: fn,
        callee: m.callee,
        token: m.token,
        backendSymbol: m.backendSymbol,
        resolved: m.resolved,
        argCount: m.argCount,
        // The trap of syscall_cp.s is musl's cancellation point itself.
        cancellable: m.cancellable || (m.kind === 'trap' && /\/syscall_cp\.[sS]$/.test(f.file)),
        conditional: state === LineState.Unknown,
        viaMacro: m.viaMacro?.name ?? null,
        objectSymbols: f === main ? objectSymbols : [],
      };
      if (m.result) site.result = m.result;
      if (m.args) site.args = m.args;
      if (f === main) {
        if (offset === null) sites.push(site); // assembly: no C conditions to judge
        else own.push({ site, offset });
        return;
      }
      const placement: HeaderSite = { site, state };
      mergeHeaderSite(placement);
      env.report(placement); // so that a replayed include of this header reports it again
    };
    const env = new MacroEnv(base, { crt: file.startsWith('crt/') });
    if (main.lang === 'asm') {
      for (const s of main.symbols) objectSymbols.push(s);
      for (const t of asmTraps(main, arch)) place(main, t.line, t.column, t.fn, trapMeaning(t.instruction, null), LineState.Active);
      continue;
    }
    pp.run(main, env, {
      replayed: (item) => mergeHeaderSite(item as HeaderSite),
      hasSites: (f, from, to) =>
        interestingCalls(index, f).some((c) => c.line >= from && c.line < to) ||
        f.inlineAsm.some((a) => a.line >= from && a.line < to) ||
        f.guards.some((g) => g.line >= from && g.line < to) ||
        f.lang !== 'c',
      region(f, from, to, state, env) {
        if (f === main) {
          mainLines.push([from, to, state === LineState.Active ? Liveness.Live : Liveness.Undecided]);
          for (const g of f.guards) if (g.line >= from && g.line < to) guardValues.set(g, atLine(f.file, g.line, () => evaluateCConstant(g.condition, env, types(main))));
        }
        if (f.lang === 'asm-cpp') {
          for (const t of asmTraps(f, arch)) if (t.line >= from && t.line < to) place(f, t.line, t.column, t.fn, trapMeaning(t.instruction, null), state);
          return;
        }
        const inHeader = f !== main;
        if (inHeader && !headersSeen.has(f)) {
          headersSeen.add(f);
          for (const c of f.calls) if (c.fn !== null && c.fn !== c.name) addTo(headerEdges, c.fn, c.name);
        }
        for (const call of interestingCalls(index, f)) {
          if (call.line < from || call.line >= to) continue;
          // In headers only function bodies generate code (static inline functions).
          if (inHeader && call.fn === null) continue;
          // A header's calls mean the same in every object that includes it: classify them once.
          let meanings = inHeader ? headerMeanings.get(call) : undefined;
          if (!meanings) {
            meanings = atLine(f.file, call.line, () => classifyCall(f, call, env, naming));
            if (inHeader) headerMeanings.set(call, meanings);
          }
          for (const m of meanings) place(f, call.line, call.column, call.fn, m, state, call.start);
        }
        for (const asm of f.inlineAsm) {
          if (asm.line < from || asm.line >= to || (inHeader && asm.fn === null)) continue;
          // Templates can differ per object (i386: SYSCALL_NO_TLS picks `int $128`): key on the
          // definitions of the macros the template names.
          const key = templateKey(env, asm.template);
          let traps = asmMeanings.get(asm)?.get(key);
          if (!traps) {
            traps = atLine(f.file, asm.line, () => trapsInTemplate(arch, asm.template, env));
            if (!asmMeanings.has(asm)) asmMeanings.set(asm, new Map());
            asmMeanings.get(asm)!.set(key, traps);
          }
          for (const instruction of traps) place(f, asm.line, asm.column, asm.fn, trapMeaning(instruction, null), state, asm.offset);
        }
      },
    });
    for (const s of publicAfterRenames(main.symbols, env)) objectSymbols.push(s);
    const live = liveness(main, mainLines, guardValues);
    // Header functions count as reached from this object only through calls it compiles.
    for (const c of main.calls) if (live.code(c.start) !== Liveness.Dead) addTo(callers, c.name, file);
    for (const { site, offset } of own) {
      const state = live.site(offset);
      if (state === Liveness.Dead) continue;
      if (state === Liveness.Undecided) site.conditional = true;
      sites.push(site);
    }
  }

  const pairs = (m: Map<string, Set<string>>): [string, string[]][] => [...m].map(([k, v]) => [k, [...v]]);
  return { arch, sites, headerSites: [...headerSites.values()], callers: pairs(callers), headerEdges: pairs(headerEdges), symbols: [...symbols] };
}

/** Puts the parts of one arch together: header sites judged against all objects, stable order. */
export function finishArch(parts: ArchPartial[]): SyscallSite[] {
  const sites: SyscallSite[] = parts.flatMap((p) => p.sites);
  const headerSites = new Map<string, HeaderSite>();
  const callers = new Map<string, Set<string>>();
  const headerEdges = new Map<string, Set<string>>();
  const symbols = new Map<string, string[]>();
  for (const p of parts) {
    for (const h of p.headerSites) {
      const key = `${h.site.file}:${h.site.line}:${h.site.column}:${h.site.callee}:${h.site.token}`;
      const prev = headerSites.get(key);
      if (!prev) headerSites.set(key, { site: { ...h.site }, state: h.state });
      else if (h.state === LineState.Active) prev.state = LineState.Active;
    }
    for (const [name, files] of p.callers) for (const f of files) addTo(callers, name, f);
    for (const [fn, names] of p.headerEdges) for (const n of names) addTo(headerEdges, fn, n);
    for (const [file, list] of p.symbols) symbols.set(file, list);
  }
  // A header site counts when its function is reached from a scanned object, directly or through
  // other header functions (getc.h's locking_getc → __wake). Traps always count: syscall_arch.h's
  // __syscallN are reached through token pasting, not by name.
  const users = objectsReaching(callers, headerEdges);
  for (const { site, state } of headerSites.values()) {
    if (state === LineState.Inactive) continue;
    if (site.kind !== 'trap') {
      const objects = site.function ? users(site.function) : new Set<string>();
      if (objects.size === 0) continue;
      const names = new Set<string>();
      for (const u of objects) for (const s of symbols.get(u) ?? []) names.add(s);
      site.objectSymbols = [...names].sort();
    }
    sites.push(site);
  }
  return sites.sort(compareSites);
}

/**
 * The names a file defines as the linker sees them: mallocng writes `int is_allzero(...)` under
 * `#define is_allzero __malloc_allzerop`, which is internal, not a libc function a user calls.
 */
function publicAfterRenames(names: string[], env: MacroEnv): string[] {
  return names.filter((name) => {
    const def = env.macro(name);
    if (!def || def.params !== null) return true;
    const target = def.body.trim();
    return !/^[A-Za-z_]\w*$/.test(target) || isPublicName(target);
  });
}

/**
 * Identity of the macro definitions an asm template depends on here (the names it uses, and the
 * names their bodies use: SYSCALL_INSNS_12 → SYSCALL_INSNS), for memoising its expansion.
 */
function templateKey(env: MacroEnv, template: Token[]): string {
  const parts: string[] = [];
  const visit = (tokens: Token[], depth: number) => {
    for (const t of tokens) {
      if (t.kind !== 'ident') continue;
      const d = env.macro(t.text);
      parts.push(d ? `${t.text}@${d.file}:${d.line}` : `${t.text}:${env.defined(t.text)}`);
      if (d && depth < 4) visit(lex(d.body), depth + 1);
    }
  };
  visit(template, 0);
  return parts.join('|');
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Objects whose code reaches a header function: its callers, and the callers of header functions calling it. */
function objectsReaching(callers: Map<string, Set<string>>, headerEdges: Map<string, Set<string>>): (fn: string) => Set<string> {
  const calledBy = new Map<string, Set<string>>();
  for (const [from, names] of headerEdges) for (const name of names) addTo(calledBy, name, from);
  const memo = new Map<string, Set<string>>();
  const reach = (fn: string, seen: Set<string>): Set<string> => {
    const hit = memo.get(fn);
    if (hit) return hit;
    const out = new Set(callers.get(fn) ?? []);
    seen.add(fn);
    for (const g of calledBy.get(fn) ?? []) if (!seen.has(g)) for (const o of reach(g, seen)) out.add(o);
    seen.delete(fn);
    memo.set(fn, out);
    return out;
  };
  return (fn) => reach(fn, new Set());
}

function classifyCall(f: FileFacts, call: CallFact, env: MacroEnv, naming: BackendNaming): SiteMeaning[] {
  const text = f.code.slice(call.start, call.end);
  const defined = env.defined(call.name);
  if (defined === 'no') return [];
  if (isPrimitive(call.name)) {
    const m = classifyPrimitiveCall(text, env, naming, { result: call.result, args: call.args });
    return m ? [m] : [];
  }
  // Header functions (e.g. __wake) are scanned where they are defined, not at each call.
  if (!env.macro(call.name)) return [];
  const meanings = classifyMacroCall(text, env, naming);
  // A wrapper site is reported as written (`sys_open`), with what its expansion reaches here.
  // What the code does with the wrapper's value is what it does with the backend's result.
  return isWrapper(call.name)
    ? meanings.map((m) => (m.kind === 'trap' ? m : { ...m, kind: 'wrapper', callee: call.name, ...(call.result ? { result: call.result } : {}) }))
    : meanings;
}

const callsCache = new WeakMap<FileFacts, CallFact[]>();
function interestingCalls(index: TreeIndex, f: FileFacts): CallFact[] {
  let calls = callsCache.get(f);
  if (!calls) callsCache.set(f, (calls = f.calls.filter((c) => index.interesting.has(c.name) || isPrimitive(c.name))));
  return calls;
}

interface AsmTrap {
  line: number;
  column: number;
  fn: string | null;
  instruction: string;
}

const asmCache = new WeakMap<FileFacts, Map<string, AsmTrap[]>>();
/** Trap instructions of an assembly file for `arch`, each with the label it follows. */
function asmTraps(f: FileFacts, arch: string): AsmTrap[] {
  let byArch = asmCache.get(f);
  if (!byArch) asmCache.set(f, (byArch = new Map()));
  const hit = byArch.get(arch);
  if (hit) return hit;
  const out: AsmTrap[] = [];
  let fn: string | null = null;
  f.code.split('\n').forEach((text, i) => {
    // In .S files the preprocessor's directives are not assembler lines.
    if (f.lang === 'asm-cpp' && /^\s*#\s*[a-z]/.test(text)) return;
    for (const s of asmStatements(arch, text, (label) => (fn = label))) {
      const instruction = trapInstruction(arch, s.text);
      if (instruction) out.push({ line: i + 1, column: s.column, fn, instruction });
    }
  });
  byArch.set(arch, out);
  return out;
}

/** The arch's view of the tree: real files plus the headers musl's build generates. */
function archFiles(index: TreeIndex, model: ArchModel): FactsSource {
  const generated = new Map<string, FileFacts>();
  // Only alltypes.h's directives matter here; version.h only defines VERSION.
  generated.set('obj/include/bits/alltypes.h', index.factsOf('obj/include/bits/alltypes.h', alltypesTemplate(index, model.arch)));
  generated.set('obj/src/internal/version.h', index.factsOf('obj/src/internal/version.h', `#define VERSION "${model.tree.version}"\n`));
  return {
    syscallHeader: SYSCALL_HEADER,
    facts: (path) => generated.get(path) ?? (path.startsWith('obj/') ? undefined : index.facts(path)),
  };
}
