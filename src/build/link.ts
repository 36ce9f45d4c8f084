// Links a program's objects and archives against an installed musl as a static bootable is linked
// (crt1.o crti.o, the program, libc.a and libgcc.a as one group, crtn.o), with nothing else: the
// backend is left out and the link may leave symbols unresolved (--warn-unresolved-symbols). What
// the link took and what it could not resolve come from the linker itself (its map file and its
// warnings); nm and objdump say what each file it took defines and refers to, from which function.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { release, tempBeside } from '../util/temp.js';
import { cachedValue, cacheDir, cacheSubdir } from '../util/cache.js';
import type { MuslBuild } from './build.js';
import type { ProgramInput } from './elf.js';
import { runCommand } from '../util/exec.js';
import {
  parseMapInclusions,
  parseNmPosix,
  parseObjdumpReferences,
  parseUnresolvedWarnings,
  type FunctionReference,
  type LinkFileName,
  type ObjectSymbols,
} from './link-text.js';
import type { Toolchain } from '../arch/index.js';

export type LinkRole = 'program' | 'startup' | 'library';

/** One file the link took: a program object, a crt object, or an archive member it selected. */
export interface LinkNode {
  /** As reports name it: the program's path as given, `libapp.a(net.o)`, `crt1.o`, `libc.a(printf.lo)`. */
  label: string;
  role: LinkRole;
  defined: Set<string>;
  weak: Set<string>;
  /** Every symbol it refers to (strong and weak references). */
  refers: Set<string>;
}

export interface ProgramLink {
  nodes: LinkNode[];
  /** What the linker could not resolve: node index, symbol, function. */
  unresolved: { node: number; symbol: string; function: string | null }[];
  /** Calls of the program's own files, by function (from their relocations). */
  programReferences: { node: number; function: string | null; symbol: string }[];
}

export interface ProgramLinkRequest {
  toolchain: Toolchain;
  libc: MuslBuild;
  /** Objects and archives in link order (the program's own). */
  inputs: ProgramInput[];
  cacheRoot?: string;
}

const STARTUP = ['crt1.o', 'crti.o'];
const END = ['crtn.o'];

export async function linkProgram(req: ProgramLinkRequest): Promise<ProgramLink> {
  const tc = req.toolchain;
  const lib = (f: string) => path.join(req.libc.prefix, 'lib', f);
  const libgcc = (await runCommand(tc.cc, ['-print-libgcc-file-name'])).stdout.trim();
  const scratch = tempBeside(path.join(os.tmpdir(), `musl-patch-link-${tc.arch}`));
  await mkdir(scratch, { recursive: true });
  try {
    // Short names in a scratch directory: the linker's output names files without quoting.
    const names = new Map<string, { label: string; role: LinkRole; real: string }>();
    const place = async (name: string, real: string, label: string, role: LinkRole) => {
      await symlink(path.resolve(real), path.join(scratch, name));
      names.set(name, { label, role, real });
    };
    for (const f of [...STARTUP, ...END]) await place(f, lib(f), f, 'startup');
    await place('libc.a', lib('libc.a'), 'libc.a', 'library');
    await place('libgcc.a', libgcc, 'libgcc.a', 'library');
    const programNames: string[] = [];
    for (const [i, input] of req.inputs.entries()) {
      const name = `p${i}${input.kind === 'archive' ? '.a' : '.o'}`;
      await place(name, input.file, input.file, 'program');
      programNames.push(name);
    }

    const link = await runCommand(
      tc.cc,
      [
        '-nostdlib', '-static', '-no-pie', '-o', 'program.elf',
        ...STARTUP, ...programNames, '-Wl,--start-group', 'libc.a', 'libgcc.a', '-Wl,--end-group', ...END,
        '-Wl,--warn-unresolved-symbols', '-Wl,--no-demangle', '-Wl,-Map=link.map',
      ],
      { cwd: scratch, env: { ...process.env, LC_ALL: 'C' }, allowFailure: true },
    );
    if (link.code !== 0) {
      const first = link.stderr.split('\n').find((l) => /error|multiple definition|cannot find|not recognized/.test(l)) ?? link.stderr.trim().split('\n')[0];
      // The linker names the scratch directory's short names: say the user's.
      const said = first.replace(/^\S*ld(\.bfd)?: /, '').replace(/\b(p\d+\.[oa]|crt[1in]\.o|libc\.a|libgcc\.a)\b/g, (n) => names.get(n)?.label ?? n);
      throw new UserError(`the program does not link against musl ${req.libc.version} on ${tc.arch}: ${said}`, 'fix the program (its own link would fail the same way)');
    }
    const map = await readFile(path.join(scratch, 'link.map'), 'utf8');

    // What each file defines and refers to. libc.a and libgcc.a are read once per build (cached).
    const symbols = new Map<string, ObjectSymbols[]>();
    for (const [name, n] of names) {
      const cacheable = n.role !== 'program';
      const list = cacheable ? await cachedNm(tc, n.real, name, req.cacheRoot) : parseNmPosix((await nmRun(tc, name, scratch)).stdout, name);
      // An object without symbols (crtn.o) prints nothing.
      if (list.length === 0 && !name.endsWith('.a')) list.push({ name: { path: name, member: null }, defined: new Set(), weak: new Set(), undefined: new Set(), weakUndefined: new Set() });
      symbols.set(name, list);
    }

    const nodes: LinkNode[] = [];
    const index = new Map<ObjectSymbols, number>();
    const add = (s: ObjectSymbols) => {
      const n = names.get(s.name.path)!;
      index.set(s, nodes.length);
      nodes.push({
        label: s.name.member ? `${n.label}(${s.name.member})` : n.label,
        role: n.role,
        defined: s.defined,
        weak: s.weak,
        refers: new Set([...s.undefined, ...s.weakUndefined]),
      });
    };
    for (const name of [...STARTUP, ...programNames.filter((p) => p.endsWith('.o')), ...END]) add(symbols.get(name)![0]);
    // Archive members: the ones the linker took, told apart by name and by the symbol that pulled them.
    const taken = new Set<ObjectSymbols>();
    for (const inc of parseMapInclusions(map)) {
      const candidates = (symbols.get(inc.member.path) ?? []).filter((s) => s.name.member === inc.member.member && !taken.has(s));
      const member = candidates.find((s) => s.defined.has(inc.symbol)) ?? candidates[0];
      if (!member) continue;
      taken.add(member);
      add(member);
    }
    const find = (file: LinkFileName, symbol: string): number | null => {
      const matches = [...index].filter(([s]) => s.name.path === file.path && s.name.member === file.member);
      const hit = matches.find(([s]) => s.undefined.has(symbol) || s.weakUndefined.has(symbol)) ?? matches[0];
      return hit ? hit[1] : null;
    };

    const unresolved: ProgramLink['unresolved'] = [];
    for (const u of parseUnresolvedWarnings(link.stderr, new Set(names.keys()))) {
      const node = find(u.file, u.symbol);
      if (node !== null) unresolved.push({ node, symbol: u.symbol, function: u.function });
    }
    const programReferences: ProgramLink['programReferences'] = [];
    for (const name of programNames) {
      const dump = await runCommand(tc.objdump, ['-t', '-r', '-w', name], { cwd: scratch, env: { ...process.env, LC_ALL: 'C' } });
      for (const r of parseObjdumpReferences(dump.stdout, name) as FunctionReference[]) {
        const node = find(r.file, r.symbol);
        if (node !== null && nodes[node].role === 'program') programReferences.push({ node, function: r.function, symbol: r.symbol });
      }
    }
    return { nodes, unresolved, programReferences };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    release(scratch);
  }
}

function nmRun(tc: Toolchain, file: string, cwd?: string) {
  return runCommand(tc.nm, ['-P', file], { cwd, env: { ...process.env, LC_ALL: 'C' }, allowFailure: true });
}

/** nm of a library or crt object, cached by its path, size and mtime (nm of libc.a takes seconds). */
async function cachedNm(tc: Toolchain, real: string, name: string, cacheRoot?: string): Promise<ObjectSymbols[]> {
  const st = statSync(real);
  const key = createHash('sha256').update(JSON.stringify([tc.nm, path.resolve(real), st.size, st.mtimeMs])).digest('hex').slice(0, 20);
  const dir = path.join(cacheSubdir(cacheRoot ?? cacheDir(), 'nm'), `${tc.arch}-${path.basename(real)}-${key}`);
  const list = await cachedValue<SerializedSymbols[]>(dir, async () =>
    parseNmPosix((await nmRun(tc, real)).stdout, real).map((s) => ({
      member: s.name.member,
      defined: [...s.defined],
      weak: [...s.weak],
      undefined: [...s.undefined],
      weakUndefined: [...s.weakUndefined],
    })),
  );
  return list.map((s) => ({ name: { path: name, member: s.member }, defined: new Set(s.defined), weak: new Set(s.weak), undefined: new Set(s.undefined), weakUndefined: new Set(s.weakUndefined) }));
}

interface SerializedSymbols {
  member: string | null;
  defined: string[];
  weak: string[];
  undefined: string[];
  weakUndefined: string[];
}

/** The global symbols a linked executable defines (`nm -P`), for reading what it contains. */
export async function executableSymbols(tc: Toolchain, file: string): Promise<Set<string>> {
  const r = await nmRun(tc, file);
  const parsed = parseNmPosix(r.stdout, file);
  const defined = new Set(parsed.flatMap((s) => [...s.defined]));
  if (defined.size === 0) {
    throw new UserError(`${file} has no symbol table (stripped)`, 'pass the unstripped executable, or better its object files');
  }
  return defined;
}

