// Walks one translation unit the way cpp would for one arch: conditionals, #define/#undef,
// #include through musl's -I path. It does not rewrite the text; it reports which line ranges
// are live (or undecidable) together with the macro state there, so sites can be judged in place.

import { atLine, evaluateIf } from '../c/index.js';
import type { Directive } from '../c/index.js';
import type { FileFacts } from './facts.js';
import type { EnvSnapshot, MacroEnv, Recording } from './macro-env.js';

export const enum LineState {
  Inactive = 0,
  Active = 1,
  Unknown = 2,
}

/** Provides file facts by tree-relative path (undefined when the file does not exist). */
export interface FactsSource {
  facts(path: string): FileFacts | undefined;
  /** The generated `obj/include/bits/syscall.h`: including it defines the arch's SYS_* names. */
  readonly syscallHeader: string;
}

export interface RegionVisitor {
  /** Lines [from, to) of `file` are live (Active) or undecidable (Unknown), with `env` in force. */
  region(file: FileFacts, from: number, to: number, state: LineState.Active | LineState.Unknown, env: MacroEnv): void;
  /** Called when `file` is entered through `#include` (or as the main file). */
  enter?(file: FileFacts, state: LineState): void;
  /** A report (see MacroEnv.report) of a header include that was replayed instead of walked. */
  replayed?(report: unknown): void;
  /** Whether lines [from, to) of the main file hold anything to judge (false lets a resume wait). */
  hasSites?(file: FileFacts, from: number, to: number): boolean;
}

/** Macro state after a sequence of top-level includes/defines at the start of a main file. */
interface PrefixState {
  env: EnvSnapshot;
  reports: unknown[];
}

/** Headers are walked at most this many times per arch with different inputs before memoising stops. */
const MAX_VARIANTS = 8;

interface Frame {
  /** State of the enclosing region. */
  parent: LineState;
  /** Whether an earlier branch of this group was taken: 0 no, 1 yes, 2 maybe. */
  taken: 0 | 1 | 2;
}

/** For each conditional directive, the index of the next directive of the same group. */
const siblingsCache = new WeakMap<FileFacts, Int32Array>();
function siblings(facts: FileFacts): Int32Array {
  let next = siblingsCache.get(facts);
  if (next) return next;
  next = new Int32Array(facts.directives.length).fill(-1);
  const open: number[] = [];
  facts.directives.forEach((d, k) => {
    if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') open.push(k);
    else if (d.kind === 'elif' || d.kind === 'else' || d.kind === 'endif') {
      const prev = open.pop();
      if (prev !== undefined) next![prev] = k;
      if (d.kind !== 'endif') open.push(k);
    }
  });
  siblingsCache.set(facts, next);
  return next;
}

function combine(parent: LineState, own: LineState): LineState {
  if (parent === LineState.Inactive || own === LineState.Inactive) return LineState.Inactive;
  return parent === LineState.Unknown || own === LineState.Unknown ? LineState.Unknown : LineState.Active;
}

export class Preprocessor {
  /** Include resolution per including directory ('<>' for system includes), then per name. */
  private readonly resolved = new Map<string, Map<string, string | null>>();
  /** Per header: recordings of earlier walks (inputs → effects, reports), for this arch. */
  private readonly memo = new Map<string, Recording[]>();
  /**
   * Per sequence of leading unconditional directives of a main file: the state after them.
   * A sequence is kept from its second occurrence on (most sequences occur once).
   */
  private readonly prefixes = new Map<string, PrefixState | 'seen'>();

  constructor(
    private readonly files: FactsSource,
    private readonly includeDirs: string[],
  ) {}

  /** Walks `main` (a source file) with a fresh macro state. */
  run(main: FileFacts, env: MacroEnv, visitor: RegionVisitor): void {
    env.reports = [];
    this.walk(main, env, visitor, LineState.Active, [], true);
  }

  private walk(facts: FileFacts, env: MacroEnv, visitor: RegionVisitor, outer: LineState, stack: string[], isMain = false): void {
    visitor.enter?.(facts, outer);
    const dirs = facts.directives;
    const next = siblings(facts);
    const frames: Frame[] = [];
    let state = outer;
    let from = 1;
    // Prefix reuse (main file): most sources start with the same few #include lines, and the
    // macro state after them depends on nothing else. Skip them while a stored state matches;
    // resume from that state before the first directive or code that needs it.
    let prefix: string | null = isMain ? env.flavor : null;
    let pending: PrefixState | null = null;
    // The skipped includes' reports were already delivered when the state was stored, and
    // delivering them again changes nothing (header sites merge), so resuming only restores.
    const resume = () => {
      if (!pending) return;
      env.restore(pending.env);
      env.reports = [...pending.reports];
      pending = null;
    };
    const flush = (to: number) => {
      if (state === LineState.Inactive || to <= from) return;
      if (pending && visitor.hasSites?.(facts, from, to) !== false) resume();
      if (!pending) visitor.region(facts, from, to, state, env);
    };
    for (let k = 0; k < dirs.length; k++) {
      const d = dirs[k];
      flush(d.line);
      from = d.endLine + 1;
      if (prefix !== null) {
        if (frames.length === 0 && state === LineState.Active && (d.kind === 'include' || d.kind === 'define' || d.kind === 'undef')) {
          const target = d.kind === 'include' && d.include ? this.resolveInclude(facts.file, d.include.path, d.include.system) : null;
          prefix += `\n${d.kind} ${target ?? d.rest}`;
          const known = this.prefixes.get(prefix);
          if (known && known !== 'seen') {
            pending = known;
            continue;
          }
          resume();
          this.apply(facts, d, env, visitor, state, stack);
          this.prefixes.set(prefix, known === 'seen' ? { env: env.snapshot(), reports: [...env.reports] } : 'seen');
          continue;
        }
        resume();
        prefix = null;
      }
      switch (d.kind) {
        case 'if':
        case 'ifdef':
        case 'ifndef': {
          const v = state === LineState.Inactive ? LineState.Inactive : atLine(facts.file, d.line, () => this.test(d, env));
          frames.push({ parent: state, taken: v === LineState.Active ? 1 : v === LineState.Unknown ? 2 : 0 });
          const entered = combine(state, v);
          if (entered === LineState.Inactive && next[k] > k) {
            // Skip the whole branch without looking at its directives.
            k = next[k] - 1;
            from = dirs[k].endLine + 1;
          }
          state = entered;
          break;
        }
        case 'elif':
        case 'else': {
          const f = frames[frames.length - 1];
          if (!f) break;
          let v: LineState;
          if (f.parent === LineState.Inactive || f.taken === 1) v = LineState.Inactive;
          else {
            const own = d.kind === 'else' ? LineState.Active : atLine(facts.file, d.line, () => this.test(d, env));
            // After a "maybe" branch, a later branch can at best be "maybe".
            v = f.taken === 2 && own !== LineState.Inactive ? LineState.Unknown : own;
            if (own === LineState.Active) f.taken = 1;
            else if (own === LineState.Unknown) f.taken = 2;
          }
          state = combine(f.parent, v);
          if (state === LineState.Inactive && next[k] > k) {
            k = next[k] - 1;
            from = dirs[k].endLine + 1;
          }
          break;
        }
        case 'endif': {
          const f = frames.pop();
          state = f ? f.parent : outer;
          break;
        }
        case 'define':
        case 'undef':
        case 'include':
          this.apply(facts, d, env, visitor, state, stack);
          break;
        default:
          break;
      }
    }
    flush(Number.MAX_SAFE_INTEGER);
  }

  /** #define, #undef, #include in a region of the given state. */
  private apply(facts: FileFacts, d: Directive, env: MacroEnv, visitor: RegionVisitor, state: LineState, stack: string[]): void {
    if (state === LineState.Inactive) return;
    if (d.kind === 'define') {
      if (d.macro) env.define(d.macro, state === LineState.Active);
    } else if (d.kind === 'undef') env.undef(d.rest.split(/\s/)[0], state === LineState.Active);
    else if (d.kind === 'include' && d.include) this.include(facts, d, env, visitor, state, stack);
  }

  private test(d: Directive, env: MacroEnv): LineState {
    let defined: 'yes' | 'no' | 'unknown';
    if (d.kind === 'ifdef' || d.kind === 'ifndef') {
      const name = d.rest.split(/[\s(]/)[0];
      defined = env.defined(name);
      if (d.kind === 'ifndef') defined = defined === 'yes' ? 'no' : defined === 'no' ? 'yes' : 'unknown';
    } else {
      const v = evaluateIf(d.rest, env);
      defined = v === null ? 'unknown' : v !== 0n ? 'yes' : 'no';
    }
    return defined === 'yes' ? LineState.Active : defined === 'no' ? LineState.Inactive : LineState.Unknown;
  }

  private include(from: FileFacts, d: Directive, env: MacroEnv, visitor: RegionVisitor, state: LineState, stack: string[]): void {
    const target = this.resolveInclude(from.file, d.include!.path, d.include!.system);
    if (!target) return; // compiler headers outside musl (none in a -nostdinc build) or missing files
    if (target === this.files.syscallHeader) {
      if (state === LineState.Active) env.includeSyscallHeader();
      return;
    }
    if (stack.includes(target) || stack.length > 64) return;
    const facts = this.files.facts(target);
    if (!facts) return;
    // Most includes see the same macro state their header saw before (same arch, same feature
    // macros): replay what that walk did instead of walking again.
    const memo = state === LineState.Active ? (this.memo.get(target) ?? []) : undefined;
    if (memo) {
      for (const r of memo) {
        if (!env.matches(r)) continue;
        env.replay(r);
        for (const item of r.reports) {
          visitor.replayed?.(item);
          env.report(item);
        }
        return;
      }
    }
    const recording = memo && memo.length < MAX_VARIANTS ? env.startRecording() : undefined;
    stack.push(from.file);
    try {
      this.walk(facts, env, visitor, state, stack);
    } finally {
      stack.pop();
      if (recording) {
        env.stopRecording(recording);
        memo!.push(recording);
        this.memo.set(target, memo!);
      }
    }
  }

  /** cpp's search: the including file's directory for "quoted" names, then the -I directories. */
  resolveInclude(fromFile: string, name: string, system: boolean): string | null {
    const dir = fromFile.includes('/') ? fromFile.slice(0, fromFile.lastIndexOf('/')) : '';
    const scope = system ? '<>' : dir;
    let byName = this.resolved.get(scope);
    if (!byName) this.resolved.set(scope, (byName = new Map()));
    const hit = byName.get(name);
    if (hit !== undefined) return hit;
    const candidates = [...(system ? [] : [dir]), ...this.includeDirs].map((base) => normalize(base ? `${base}/${name}` : name));
    let found: string | null = null;
    for (const c of candidates) {
      if (c === this.files.syscallHeader || this.files.facts(c)) {
        found = c;
        break;
      }
    }
    byName.set(name, found);
    return found;
  }
}

/** Collapses `a/./b` and `a/x/../b` (musl's src/include wrappers include "../../include/x.h"). */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
