import { describe, expect, it } from 'vitest';
import type { MacroDefinition } from '../../../src/c/index.js';
import { ArchBase, MacroEnv } from '../../../src/scan/macro-env.js';
import type { SyscallTable } from '../../../src/model/index.js';

const table: SyscallTable = { version: '1.2.5', arch: 'x86_64', syscalls: [{ name: 'open', number: 2 }], aliases: [], archMacros: {} };
const base = new ArchBase('x86_64', table, () => false);
const def = (name: string, body: string): MacroDefinition => ({ name, params: null, body, file: 't.h', line: 1, bodyColumn: 0 });

describe('macro state of one unit', () => {
  it('starts from the predefined macros and lets a unit #undef them without touching other units', () => {
    const a = new MacroEnv(base);
    const b = new MacroEnv(base);
    expect(a.defined('__x86_64__')).toBe('yes');
    a.undef('__x86_64__', true);
    expect(a.defined('__x86_64__')).toBe('no');
    expect(b.defined('__x86_64__')).toBe('yes');
    a.define(def('__x86_64__', '2'), true);
    expect(a.macro('__x86_64__')?.body).toBe('2');
  });

  it('restores a snapshot exactly, whatever changed after it', () => {
    const env = new MacroEnv(base);
    env.define(def('A', '1'), true);
    env.undef('__LP64__', true);
    env.includeSyscallHeader();
    const snap = env.snapshot();
    env.define(def('A', '2'), true);
    env.define(def('B', '3'), true);
    env.undef('SYS_open', true);
    env.define(def('__LP64__', '9'), true);
    expect(env.macro('SYS_open')).toBeUndefined();

    const other = new MacroEnv(base);
    other.restore(snap);
    env.restore(snap);
    for (const e of [env, other]) {
      expect(e.macro('A')?.body).toBe('1');
      expect(e.defined('B')).toBe('no');
      expect(e.defined('__LP64__')).toBe('no');
      expect(e.macro('SYS_open')?.body).toBe('2');
      expect(e.defined('__x86_64__')).toBe('yes');
    }
    // Changes after a restore do not leak into the stored state.
    other.define(def('C', '4'), true);
    env.restore(snap);
    expect(env.defined('C')).toBe('no');
  });

  it('makes a name undecidable when it is defined under an undecidable condition', () => {
    const env = new MacroEnv(base);
    env.define(def('MAYBE', '1'), false);
    expect(env.defined('MAYBE')).toBe('unknown');
    env.define(def('MAYBE', '1'), true);
    expect(env.defined('MAYBE')).toBe('yes');
  });
});
