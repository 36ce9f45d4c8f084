// Verification of a built libc: no trap instruction left (objdump), the backend functions it
// needs equal the predicted set (nm -u), and no symbol has two strong definitions (nm).
// Collectors only: they return plain data; reporters format it.

import path from 'node:path';
import { runCommand } from '../util/exec.js';
import { trapInstruction, type Toolchain } from '../arch/index.js';
import { DEFAULT_NAMING, isBackendFunction, type BackendNaming } from '../model/naming.js';

export interface TrapSite {
  /** Archive member or object file name. */
  object: string;
  symbol: string | null;
  instruction: string;
}

/** Every trap instruction in the given objects or archives. */
export async function findTraps(tc: Toolchain, files: string[]): Promise<TrapSite[]> {
  const { stdout } = await runCommand(tc.objdump, ['-d', '--no-show-raw-insn', ...files]);
  return trapsInDisassembly(stdout, tc.arch);
}

/** Trap instructions of `arch` (the table's rules) in objdump's disassembly, with object and symbol. */
export function trapsInDisassembly(text: string, arch: string): TrapSite[] {
  const sites: TrapSite[] = [];
  let object = '';
  let symbol: string | null = null;
  for (const line of text.split('\n')) {
    const obj = /^(\S+):\s+file format /.exec(line);
    if (obj) {
      object = obj[1].split('/').pop()!;
      symbol = null;
      continue;
    }
    const sym = /^[0-9a-f]+ <(.+)>:$/.exec(line);
    if (sym) {
      symbol = sym[1];
      continue;
    }
    const insn = /^\s+[0-9a-f]+:\t(.*)$/.exec(line);
    if (!insn) continue;
    const instruction = insn[1].replace(/\s*(#|\/\/).*$/, '').trim().replace(/\s+/g, ' ');
    if (trapInstruction(arch, instruction)) sites.push({ object, symbol, instruction });
  }
  return sites;
}

export interface NmSymbol {
  /** The file nm was given (archive or object). */
  archive: string;
  object: string;
  name: string;
  /** nm type letter: U undefined, w/v weak, T/D/B/R... strong definitions. */
  type: string;
}

/** Symbols of every member of the given archives/objects (`nm -A`). */
export async function readSymbols(tc: Toolchain, files: string[]): Promise<NmSymbol[]> {
  const out: NmSymbol[] = [];
  for (const file of files) {
    // Empty members make nm complain ("no symbols") and exit non-zero: not an error here.
    const { stdout } = await runCommand(tc.nm, ['-A', file], { allowFailure: true });
    for (const line of stdout.split('\n')) {
      // "/x/libc.a:read.lo:0000000000000000 T read" or "/x/crt1.o:                 U main"
      const m = /^(.*):\s*(?:[0-9a-f]+)?\s+([A-Za-z?-])\s+(\S+)$/.exec(line);
      if (!m) continue;
      const object = m[1].startsWith(file + ':') ? m[1].slice(file.length + 1) : path.basename(m[1]);
      out.push({ archive: file, object, name: m[3], type: m[2] });
    }
  }
  return out;
}

/** Backend functions the libc references and does not define, sorted. */
export function neededBackendSymbols(symbols: NmSymbol[], naming: BackendNaming = DEFAULT_NAMING): string[] {
  const defined = new Set(symbols.filter((s) => s.type !== 'U' && s.type !== 'w' && s.type !== 'v').map((s) => s.name));
  const needed = symbols.filter((s) => (s.type === 'U' || s.type === 'w') && isBackendFunction(s.name, naming) && !defined.has(s.name));
  return [...new Set(needed.map((s) => s.name))].sort();
}

export interface SetComparison {
  missing: string[];
  unexpected: string[];
}

export function compareSets(predicted: Iterable<string>, actual: Iterable<string>): SetComparison {
  const p = new Set(predicted);
  const a = new Set(actual);
  return {
    missing: [...p].filter((x) => !a.has(x)).sort(),
    unexpected: [...a].filter((x) => !p.has(x)).sort(),
  };
}

export interface DuplicateDefinition {
  name: string;
  objects: string[];
}

/** GCC's i386 PIC helpers: global in every object that uses them, but in COMDAT groups the linker merges. */
const COMDAT_HELPER = /^__x86\.get_pc_thunk\./;

/** Symbols with a strong (non-weak, global) definition in more than one object. */
export function duplicateStrongDefinitions(symbols: NmSymbol[]): DuplicateDefinition[] {
  const byName = new Map<string, Set<string>>();
  for (const s of symbols) {
    if (!/^[A-TX-Z]$/.test(s.type) || s.type === 'U' || s.type === 'C') continue; // uppercase = global; W/V weak
    if (COMDAT_HELPER.test(s.name)) continue;
    let set = byName.get(s.name);
    if (!set) byName.set(s.name, (set = new Set()));
    set.add(s.object);
  }
  return [...byName]
    .filter(([, objs]) => objs.size > 1)
    .map(([name, objs]) => ({ name, objects: [...objs].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface LibcVerification {
  arch: string;
  traps: TrapSite[];
  needed: string[];
  /** Present when a prediction was given. */
  prediction: SetComparison | null;
  duplicates: DuplicateDefinition[];
  ok: boolean;
}

/** Verify an installed libc (libc.a and the crt objects). */
export async function verifyLibc(
  tc: Toolchain,
  files: { libc: string; crt: string[] },
  predicted: string[] | null,
  naming: BackendNaming = DEFAULT_NAMING,
): Promise<LibcVerification> {
  const all = [files.libc, ...files.crt];
  const [traps, symbols] = await Promise.all([findTraps(tc, all), readSymbols(tc, all)]);
  const needed = neededBackendSymbols(symbols, naming);
  const prediction = predicted ? compareSets(predicted, needed) : null;
  // The crt objects are alternatives (crt1.o, rcrt1.o, Scrt1.o all define _start): only libc.a counts.
  const duplicates = duplicateStrongDefinitions(symbols.filter((s) => s.archive === files.libc));
  // The sets must be equal: a referenced function the prediction lacks is a link error coverage
  // never warned about; a predicted one the library does not reference means the prediction (or
  // the rewrite) is wrong about what musl compiles. Dead code the compiler drops is already left
  // out of the prediction (src/scan/dead-code.ts).
  const ok = traps.length === 0 && duplicates.length === 0 && (!prediction || (prediction.unexpected.length === 0 && prediction.missing.length === 0));
  return { arch: tc.arch, traps, needed, prediction, duplicates, ok };
}
