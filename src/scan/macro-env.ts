// The macro state of one translation unit while the preprocessor walks it, for one arch.
// Definitions made under an undecidable condition make the name undecidable, never silently
// defined or undefined.

import type { SyscallTable } from '../model.js';
import type { ConditionEnv, Definedness } from './cpp-if.js';
import type { MacroDefinition } from './directives.js';
import { predefinedMacros } from './predefined.js';

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

export class MacroEnv implements ConditionEnv {
  private readonly defs: Map<string, MacroDefinition>;
  private readonly undecided = new Set<string>();
  /** Table names removed by `#undef` (e.g. `SYS_fstatat` before musl redefines it as an alias). */
  private readonly removed = new Set<string>();
  /** Whether `bits/syscall.h` has been included: only then do `SYS_*` names exist. */
  syscallHeaderIncluded = false;

  constructor(
    private readonly base: ArchBase,
    opts: { crt?: boolean } = {},
  ) {
    this.defs = new Map(opts.crt ? base.crtPredefined : base.predefined);
  }

  get table(): SyscallTable {
    return this.base.table;
  }

  macro(name: string): MacroDefinition | undefined {
    if (this.undecided.has(name)) return undefined;
    return this.defs.get(name) ?? this.fromTable(name);
  }

  defined(name: string): Definedness {
    if (this.undecided.has(name)) return 'unknown';
    if (this.defs.has(name) || this.fromTable(name)) return 'yes';
    return this.base.uncertain(name) ? 'unknown' : 'no';
  }

  /** `certain` is false when the directive sits under an undecidable condition. */
  define(def: MacroDefinition, certain: boolean): void {
    if (!certain) {
      this.undecided.add(def.name);
      return;
    }
    this.undecided.delete(def.name);
    this.removed.delete(def.name);
    this.defs.set(def.name, def);
  }

  undef(name: string, certain: boolean): void {
    if (!certain) {
      this.undecided.add(name);
      return;
    }
    this.undecided.delete(name);
    this.defs.delete(name);
    this.removed.add(name);
  }

  private fromTable(name: string): MacroDefinition | undefined {
    if (!this.syscallHeaderIncluded || this.removed.has(name)) return undefined;
    return this.base.tableMacros.get(name);
  }
}
