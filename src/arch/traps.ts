// Trap instructions, matched as assembler statements (mnemonic + operands) with the arch's rules
// from the table, never as substrings: `call syscall`, a `.global __syscall` directive or a comment
// are not traps. The scanner reads musl's sources this way, the rewrite checks its output, the
// build's trap gate reads objdump's disassembly.

import { archFacts, MUSL_ARCHES } from './facts.js';

const HASH_COMMENT = /#.*$/;

export function knownTrapArch(arch: string): boolean {
  return archFacts(arch) !== undefined;
}

/** The statement, normalised (`int $128`, `call *%gs:16`), when it is a trap instruction on `arch`. */
export function trapInstruction(arch: string, statement: string): string | null {
  const m = /^\s*([A-Za-z_.][\w.]*)\s*(.*?)\s*$/.exec(statement);
  if (!m) return null;
  const mnemonic = m[1].toLowerCase();
  const operands = m[2].replace(/\s+/g, '');
  for (const rule of archFacts(arch)?.traps ?? []) {
    if (rule.mnemonic.test(mnemonic) && (!rule.operands || rule.operands.test(operands))) {
      return m[2] ? `${mnemonic} ${m[2].replace(/\s+/g, ' ')}` : mnemonic;
    }
  }
  return null;
}

export interface AsmStatement {
  text: string;
  /** 1-based column of the statement's first character in its line. */
  column: number;
}

/**
 * Statements of one assembler line: comments removed, labels (`name:`, `1:`) split off,
 * `;`-separated statements apart. `label` receives a non-local label defined on the line.
 */
export function asmStatements(arch: string, line: string, label?: (name: string) => void): AsmStatement[] {
  let code = line.replace(archFacts(arch)?.lineComment ?? HASH_COMMENT, '');
  // On arches where '#' marks immediates, a '#' in column one is still a comment (cpp line markers).
  if (/^\s*#/.test(code)) code = '';
  const out: AsmStatement[] = [];
  let offset = 0;
  for (const part of code.split(';')) {
    let text = part;
    let col = offset;
    for (;;) {
      const lm = /^(\s*)([A-Za-z_.$][\w.$]*|\d+):/.exec(text);
      if (!lm) break;
      if (!/^\d+$/.test(lm[2]) && !lm[2].startsWith('.L')) label?.(lm[2]);
      col += lm[0].length;
      text = text.slice(lm[0].length);
    }
    const lead = /^\s*/.exec(text)![0].length;
    if (text.trim()) out.push({ text: text.trim(), column: col + lead + 1 });
    offset += part.length + 1;
  }
  return out;
}

/** The text an inline-asm template string stands for: C escapes decoded, `%%` → `%`. */
export function decodeAsmString(literal: string): string {
  const body = literal.replace(/^[LuU8]*"/, '').replace(/"$/, '');
  return body
    .replace(/\\(n|t|r|\\|"|')/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '' : c))
    .replace(/%%/g, '%');
}

/** Whether assembler text holds a trap instruction of any arch (used before the arch is known). */
export function hasTrapOnAnyArch(text: string): boolean {
  for (const arch of MUSL_ARCHES) {
    for (const line of text.split('\n')) {
      for (const s of asmStatements(arch, line)) if (trapInstruction(arch, s.text)) return true;
    }
  }
  return false;
}

/** The first trap instruction of `arch` in an assembly file's text (C block comments too), null when there is none. */
export function firstTrap(arch: string, text: string): string | null {
  for (const line of text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n')) {
    for (const s of asmStatements(arch, line)) {
      const trap = trapInstruction(arch, s.text);
      if (trap) return trap;
    }
  }
  return null;
}
