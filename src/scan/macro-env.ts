// The macro state of one translation unit while the preprocessor walks it, for one arch.
// Definitions made under an undecidable condition make the name undecidable, never silently
// defined or undefined.

import type { SyscallTable } from '../model/index.js';
import type { ConditionEnv, Definedness } from '../c/index.js';
import type { MacroDefinition } from '../c/index.js';
import { predefinedMacros } from '../arch/index.js';

/** Arch-wide, immutable inputs shared by every translation unit of the arch. */
export class ArchBase {
  readonly predefined = new Map<string, MacroDefinition>();
  readonly crtPredefined = new Map<string, MacroDefinition>();
  /** `SYS_x` and `__NR_x` as the generated `obj/include/bits/syscall.h` defines them. */
  readonly tableMacros = new Map<string, MacroDefinition>();
  private readonly uncertainName: (name: string) => boolean;

  constructor(
    readonly arch: string,
    readonly table: SyscallTable,
    definedInTree: (name: string) => boolean,
  ) {
    const pre = predefinedMacros(arch);
    for (const [name, body] of Object.entries(pre.macros)) this.predefined.set(name, builtin(name, body, '<built-in>'));
    for (const [name, body] of Object.entries(predefinedMacros(arch, { crt: true }).macros)) this.crtPredefined.set(name, builtin(name, body, '<built-in>'));
    for (const s of table.syscalls) {
      this.tableMacros.set(`__NR_${s.name}`, builtin(`__NR_${s.name}`, String(s.number), 'obj/include/bits/syscall.h'));
      this.tableMacros.set(`SYS_${s.name}`, builtin(`SYS_${s.name}`, String(s.number), 'obj/include/bits/syscall.h'));
    }
    this.uncertainName = (name) => pre.uncertain(name, definedInTree);
  }

  uncertain(name: string): boolean {
    return this.uncertainName(name);
  }
}

function builtin(name: string, body: string, file: string): MacroDefinition {
  return { name, params: null, body, file, line: 0, bodyColumn: 0 };
}

/** What a header did to the macro state, to replay it without walking the header again. */
export type Effect = { kind: 'define'; def: MacroDefinition; certain: boolean } | { kind: 'undef'; name: string; certain: boolean } | { kind: 'syscall-header' };

/**
 * What one walk of a header read from the macro state it did not set itself (its inputs), what it
 * changed (its effects), and what it reported (opaque to the env). A later include of the same
 * header whose inputs read the same can replay the effects instead of walking.
 */
export class Recording {
  /** Input key (`m NAME` for a definition, `d NAME` for definedness) → what it read. */
  readonly inputs = new Map<string, string | undefined>();
  readonly effects: Effect[] = [];
  readonly reports: unknown[] = [];
  private readonly touched = new Set<string>();
  private syscallHeader = false;

  noteInput(key: string, name: string, value: string | undefined): void {
    if (this.touched.has(name) || this.inputs.has(key)) return;
    // Once the header itself included bits/syscall.h, SYS_* answers come from the arch's table.
    if (this.syscallHeader && (name.startsWith('SYS_') || name.startsWith('__NR_'))) return;
    this.inputs.set(key, value);
  }

  noteEffect(e: Effect): void {
    this.effects.push(e);
    if (e.kind === 'syscall-header') this.syscallHeader = true;
    else this.touched.add(e.kind === 'define' ? e.def.name : e.name);
  }
}

export interface EnvSnapshot {
  readonly defs: ReadonlyMap<string, MacroDefinition>;
  readonly undecided: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
  readonly syscallHeader: boolean;
}

export class MacroEnv implements ConditionEnv {
  private readonly recordings: Recording[] = [];

  /**
   * Definitions: a shared, never-modified map (the predefined set, or a stored prefix state)
   * plus this unit's changes on top. Units start and resume by reference instead of copying
   * hundreds of definitions each time (those copies were half of everything the scan allocated).
   */
  private shared: ReadonlyMap<string, MacroDefinition>;
  private own = new Map<string, MacroDefinition>();
  /** Names of the shared map that this unit #undef'd. */
  private hidden = new Set<string>();
  private undecided = new Set<string>();
  /** Table names removed by `#undef` (e.g. `SYS_fstatat` before musl redefines it as an alias). */
  private removed = new Set<string>();
  /** Whether `bits/syscall.h` has been included: only then do `SYS_*` names exist. */
  private syscallHeaderIncluded = false;

  /** Which predefined set this unit started from ('crt' objects get -DCRT). */
  readonly flavor: string;

  constructor(
    private readonly base: ArchBase,
    opts: { crt?: boolean } = {},
  ) {
    this.shared = opts.crt ? base.crtPredefined : base.predefined;
    this.flavor = opts.crt ? 'crt' : 'libc';
  }

  get table(): SyscallTable {
    return this.base.table;
  }

  macro(name: string): MacroDefinition | undefined {
    const v = this.undecided.has(name) ? undefined : (this.def(name) ?? this.fromTable(name));
    if (this.recordings.length > 0) {
      const sig = signature(v);
      for (const r of this.recordings) r.noteInput(`m ${name}`, name, sig);
    }
    return v;
  }

  defined(name: string): Definedness {
    const v = this.undecided.has(name) ? 'unknown' : this.def(name) || this.fromTable(name) ? 'yes' : this.base.uncertain(name) ? 'unknown' : 'no';
    for (const r of this.recordings) r.noteInput(`d ${name}`, name, v);
    return v;
  }

  includeSyscallHeader(): void {
    this.apply({ kind: 'syscall-header' });
  }

  startRecording(): Recording {
    const r = new Recording();
    this.recordings.push(r);
    return r;
  }

  stopRecording(r: Recording): void {
    this.recordings.splice(this.recordings.indexOf(r), 1);
  }

  /** Reports of the current translation unit so far (see Preprocessor's prefix reuse). */
  reports: unknown[] = [];

  /** Passes a report of a replayed or walked header to the recordings of the headers around it. */
  report(item: unknown): void {
    this.reports.push(item);
    for (const r of this.recordings) r.reports.push(item);
  }

  /** Whether every input of `r` reads the same here (reading them makes them inputs of enclosing recordings). */
  matches(r: Recording): boolean {
    for (const [key, value] of r.inputs) {
      const name = key.slice(2);
      // Definitions compare by content: each source's own `#define _GNU_SOURCE` is a new object.
      if ((key[0] === 'm' ? signature(this.macro(name)) : this.defined(name)) !== value) return false;
    }
    return true;
  }

  replay(r: Recording): void {
    for (const e of r.effects) this.apply(e);
  }

  /** `certain` is false when the directive sits under an undecidable condition. */
  define(def: MacroDefinition, certain: boolean): void {
    this.apply({ kind: 'define', def, certain });
  }

  undef(name: string, certain: boolean): void {
    this.apply({ kind: 'undef', name, certain });
  }

  private apply(e: Effect): void {
    for (const r of this.recordings) r.noteEffect(e);
    if (e.kind === 'syscall-header') {
      this.syscallHeaderIncluded = true;
      return;
    }
    const name = e.kind === 'define' ? e.def.name : e.name;
    if (!e.certain) {
      this.undecided.add(name);
      return;
    }
    // Replays apply thousands of effects per file: skip the set updates that are usually no-ops.
    if (this.undecided.size > 0) this.undecided.delete(name);
    if (e.kind === 'define') {
      if (this.removed.size > 0) this.removed.delete(name);
      this.own.set(name, e.def);
    } else {
      this.own.delete(name);
      if (this.shared.has(name)) this.hidden.add(name);
      this.removed.add(name);
    }
  }

  private def(name: string): MacroDefinition | undefined {
    const own = this.own.get(name);
    if (own !== undefined || this.hidden.size === 0 || !this.hidden.has(name)) return own ?? this.shared.get(name);
    return undefined;
  }

  /** The whole macro state, to resume from later in another file with the same beginning. */
  snapshot(): EnvSnapshot {
    let defs = this.shared;
    if (this.own.size > 0 || this.hidden.size > 0) {
      const flat = new Map(this.shared);
      for (const name of this.hidden) flat.delete(name);
      for (const [name, def] of this.own) flat.set(name, def);
      defs = flat;
      // Later changes go on top of the flattened state, which is never modified.
      this.shared = flat;
      this.own = new Map();
      this.hidden = new Set();
    }
    return { defs, undecided: new Set(this.undecided), removed: new Set(this.removed), syscallHeader: this.syscallHeaderIncluded };
  }

  restore(s: EnvSnapshot): void {
    this.shared = s.defs;
    this.own = new Map();
    this.hidden = new Set();
    this.undecided = new Set(s.undecided);
    this.removed = new Set(s.removed);
    this.syscallHeaderIncluded = s.syscallHeader;
  }

  private fromTable(name: string): MacroDefinition | undefined {
    if (!this.syscallHeaderIncluded || this.removed.has(name)) return undefined;
    return this.base.tableMacros.get(name);
  }
}

const signatures = new WeakMap<MacroDefinition, string>();
function signature(def: MacroDefinition | undefined): string | undefined {
  if (!def) return undefined;
  let sig = signatures.get(def);
  if (sig === undefined) signatures.set(def, (sig = `${def.params?.join(',') ?? ''}\u0000${def.body}`));
  return sig;
}
