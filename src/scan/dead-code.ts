// What of a C file the compiler leaves out of its object on one arch, beyond `#if`: the branch of an
// `if` whose condition folds to a constant (GuardFact), and static functions no kept code refers
// to. musl 1.2.3's fstatat.c is the case that matters: on 64-bit arches
// `if (sizeof((struct kstat){0}.st_atime_sec) < sizeof(time_t))` is false, so fstatat_statx,
// called only there, and its SYS_statx are not in libc.a.

import { innermostFunction, type FileFacts, type FunctionFact, type GuardFact } from './facts.js';
import { lineStarts, position } from '../c/index.js';

/** Ordered: a site is as live as the least live thing around it. */
export const enum Liveness {
  Dead = 0,
  /** Under a condition we could not fold (kept, flagged conditional). */
  Undecided = 1,
  Live = 2,
}

/** Lines [from, to) the preprocessor keeps: Live, or Undecided under an `#if` it cannot decide. */
export type LineRegion = [from: number, to: number, state: Liveness];

export interface FileLiveness {
  /** A site's liveness: its own `#if` state is already known to the caller (LineState), so only guards and functions count. */
  site(offset: number): Liveness;
  /** Any code's liveness, `#if` lines included (a call that may reach a header function). */
  code(offset: number): Liveness;
}

/**
 * Liveness by offset in `facts`, given the lines `#if` keeps (`lines`; anything else is not compiled)
 * and each guard's value: a constant, 'runtime' (both branches compiled) or null (a constant we
 * could not fold).
 */
export function liveness(facts: FileFacts, lines: LineRegion[], values: ReadonlyMap<GuardFact, bigint | null | 'runtime'>): FileLiveness {
  let starts: number[] | undefined;
  const compiled = (offset: number) => {
    const line = position((starts ??= lineStarts(facts.code)), offset).line;
    let state = Liveness.Dead;
    for (const [from, to, s] of lines) if (line >= from && line < to && s > state) state = s;
    return state;
  };
  const regions: { start: number; end: number; state: Liveness }[] = [];
  for (const g of facts.guards) {
    if (!values.has(g)) continue; // not compiled on this arch (#if), or never reached by the walk
    const v = values.get(g)!;
    if (v === 'runtime') continue;
    const notTaken = v === null ? [g.then, g.otherwise] : v !== 0n ? [g.otherwise] : [g.then];
    for (const r of notTaken) if (r) regions.push({ start: r[0], end: r[1], state: v === null ? Liveness.Undecided : Liveness.Dead });
  }
  const guarded = (offset: number) => {
    let state = Liveness.Live;
    for (const r of regions) if (r.start <= offset && offset < r.end && r.state < state) state = r.state;
    return state;
  };
  // A reference to a static function counts where `#if` keeps it; a site is always in kept lines.
  const reference = (offset: number) => Math.min(compiled(offset), guarded(offset));
  const enclosing = (offset: number) => innermostFunction(facts.functions, offset);
  let states: Map<FunctionFact, Liveness> | null = null;
  const state = (fn: FunctionFact | null) => (fn && fn.isStatic ? (states ??= staticFunctionStates(facts, reference, enclosing)).get(fn)! : Liveness.Live);
  return {
    site: (offset) => Math.min(guarded(offset), state(enclosing(offset))),
    code: (offset) => Math.min(reference(offset), state(enclosing(offset))),
  };
}

/**
 * A static function is as live as its most live reference outside its own body; one referenced
 * from nowhere, or only from itself or other dropped code, is not emitted. Least fixpoint from
 * "dead" up, so that mutual references alone keep nothing.
 */
function staticFunctionStates(
  facts: FileFacts,
  reference: (offset: number) => Liveness,
  enclosing: (offset: number) => FunctionFact | null,
): Map<FunctionFact, Liveness> {
  const statics = facts.functions.filter((f) => f.isStatic);
  const states = new Map<FunctionFact, Liveness>(statics.map((f) => [f, Liveness.Dead]));
  const refs = new Map(
    statics.map((fn) => [fn, [...facts.code.matchAll(new RegExp(`\\b${fn.name}\\b`, 'g'))].map((m) => m.index).filter((o) => o < fn.start || o >= fn.end)]),
  );
  for (let changed = true; changed; ) {
    changed = false;
    for (const fn of statics) {
      let best = Liveness.Dead;
      for (const offset of refs.get(fn)!) {
        const around = enclosing(offset);
        const outer = around && around.isStatic ? states.get(around)! : Liveness.Live;
        best = Math.max(best, Math.min(reference(offset), outer));
      }
      if (best > states.get(fn)!) {
        states.set(fn, best);
        changed = true;
      }
    }
  }
  return states;
}
