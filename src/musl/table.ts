import { readSourceTextAsync } from '../util/source-text.js';
import { join } from 'node:path';
import type { MuslTree, SyscallAlias, SyscallNumber, SyscallTable } from '../model/index.js';
import { blankComments, evaluateIf, extractDirectives, type ConditionEnv, type MacroDefinition } from '../c/index.js';
import { checkArch } from './tree.js';

/** Joins backslash-continued lines and strips comments, keeping one entry per logical line. */
export function logicalLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\\\n/g, ' ')
    .split('\n');
}

const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?\s*(.*)$/;

/** An `#if` environment of object-like macros, all of them known: a name not in `bodies` is undefined. */
function objectMacros(bodyOf: (name: string) => string | undefined): ConditionEnv {
  const macro = (name: string): MacroDefinition | undefined => {
    const body = bodyOf(name);
    return body === undefined ? undefined : { name, params: null, body, file: '', line: 0, bodyColumn: 0 };
  };
  return { macro, defined: (name) => (bodyOf(name) === undefined ? 'no' : 'yes') };
}

/** The value of an expression over known macros, or null when it is not a constant. */
function evaluate(expr: string, env: ConditionEnv): number | null {
  const v = evaluateIf(expr, env);
  return v === null ? null : Number(v);
}

/**
 * `__NR_*` numbers of `arch/ARCH/bits/syscall.h.in`. Some arches write them as expressions
 * over other macros of the file (mips: `__NR_Linux + 3`, x32: `__X32_SYSCALL_BIT + 0`).
 */
export function parseSyscallNumbers(text: string): SyscallNumber[] {
  const macros = new Map<string, string>();
  for (const line of logicalLines(text)) {
    const m = line.match(DEFINE);
    if (m && !m[2]) macros.set(m[1], m[3].trim());
  }
  const env = objectMacros((n) => macros.get(n));
  const out: SyscallNumber[] = [];
  for (const [name, body] of macros) {
    if (!name.startsWith('__NR_')) continue;
    const number = evaluate(body, env);
    if (number === null) throw new Error(`cannot evaluate __NR_ value '${body}' of ${name}`);
    out.push({ name: name.slice('__NR_'.length), number });
  }
  return out.sort((a, b) => a.number - b.number || a.name.localeCompare(b.name));
}

/** Object-like macros of `arch/ARCH/syscall_arch.h`, first definition wins. */
export function parseArchMacros(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of logicalLines(text)) {
    const m = line.match(DEFINE);
    if (m && !m[2] && !(m[1] in out)) out[m[1]] = m[3].trim().replace(/\s+/g, ' ');
  }
  return out;
}

/**
 * Runs the preprocessor directives of `src/internal/syscall.h` over the arch's `SYS_*` set and
 * returns every `SYS_*` name that ends up defined as another `SYS_*` (musl's aliases).
 * Conditions there only test `SYS_*` and arch macros, all of which are known for an arch.
 */
export function resolveAliases(syscallH: string, numbers: SyscallNumber[], archMacros: Record<string, string>): SyscallAlias[] {
  const sys = new Map<string, string>(numbers.map((s) => [`SYS_${s.name}`, String(s.number)]));
  const env = objectMacros((n) => sys.get(n) ?? (Object.hasOwn(archMacros, n) ? archMacros[n] : undefined));
  // Each frame: is this branch live, has some branch of the group been taken, is the parent live.
  const stack: { live: boolean; taken: boolean; parent: boolean }[] = [];
  const live = () => stack.every((f) => f.live);
  const test = (expr: string) => {
    const v = evaluate(expr, env);
    if (v === null) throw new Error(`undecidable condition in src/internal/syscall.h: ${expr}`);
    return v !== 0;
  };
  for (const d of extractDirectives(blankComments(syscallH), 'src/internal/syscall.h')) {
    switch (d.kind) {
      case 'if': case 'ifdef': case 'ifndef': {
        const parent = live();
        const cond = !parent ? false : d.kind === 'if' ? test(d.rest) : (env.defined(d.rest.trim()) === 'yes') === (d.kind === 'ifdef');
        stack.push({ live: cond, taken: cond, parent });
        break;
      }
      case 'elif': {
        const f = stack[stack.length - 1];
        f.live = f.parent && !f.taken && test(d.rest);
        f.taken ||= f.live;
        break;
      }
      case 'else': {
        const f = stack[stack.length - 1];
        f.live = f.parent && !f.taken;
        f.taken = true;
        break;
      }
      case 'endif': stack.pop(); break;
      case 'define': {
        const m = d.macro;
        if (live() && m && !m.params && m.name.startsWith('SYS_')) sys.set(m.name, m.body);
        break;
      }
      case 'undef': if (live()) sys.delete(d.rest.trim()); break;
    }
  }
  const byNumber = new Map(numbers.map((s) => [`SYS_${s.name}`, s]));
  const aliases: SyscallAlias[] = [];
  for (const [name, value] of sys) {
    if (!/^SYS_\w+$/.test(value)) continue;
    let target = value;
    for (let hops = 0; hops < 8 && sys.has(target) && /^SYS_\w+$/.test(sys.get(target)!); hops++) target = sys.get(target)!;
    const resolved = byNumber.get(target);
    if (resolved) aliases.push({ name: name.slice(4), target: resolved.name, number: resolved.number });
  }
  return aliases.sort((a, b) => a.name.localeCompare(b.name));
}

export async function readSyscallTable(tree: MuslTree, arch: string): Promise<SyscallTable> {
  checkArch(tree, arch);
  const read = (rel: string) => readSourceTextAsync(join(tree.root, rel), 'utf8', rel);
  const [nrText, archH, syscallH] = await Promise.all([
    read(join('arch', arch, 'bits', 'syscall.h.in')),
    read(join('arch', arch, 'syscall_arch.h')).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    }),
    read(join('src', 'internal', 'syscall.h')),
  ]);
  const syscalls = parseSyscallNumbers(nrText);
  const archMacros = parseArchMacros(archH);
  return { version: tree.version, arch, syscalls, aliases: resolveAliases(syscallH, syscalls, archMacros), archMacros };
}

/** The kernel syscall a `SYS_<name>` token means on this arch (after aliases), or null. */
export function resolveSyscall(table: SyscallTable, name: string): SyscallNumber | null {
  const alias = table.aliases.find((a) => a.name === name);
  if (alias) return { name: alias.target, number: alias.number };
  return table.syscalls.find((s) => s.name === name) ?? null;
}
