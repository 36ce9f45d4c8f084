// Trap instructions per arch, matched as assembler statements (mnemonic + operands), never as
// substrings: `call syscall`, a `.global __syscall` directive or a comment are not traps.

interface TrapRule {
  mnemonic: RegExp;
  /** Operand text (whitespace removed) that makes it a trap; any operand when absent. */
  operands?: RegExp;
}

const X86_64: TrapRule[] = [{ mnemonic: /^(syscall|sysenter|sysretq?|sysexitq?)$/ }, { mnemonic: /^int[bl]?$/, operands: /^\$(0x80|128)$/ }];
const I386: TrapRule[] = [
  { mnemonic: /^int[bl]?$/, operands: /^\$(0x80|128)$/ },
  // musl's i386 vsyscall: `call *%gs:16` (the kernel's __kernel_vsyscall pointer in the TCB).
  { mnemonic: /^calll?$/, operands: /^\*%gs:(16|0x10)$/ },
  { mnemonic: /^(sysenter|sysexit)$/ },
];

const RULES: Record<string, TrapRule[]> = {
  x86_64: X86_64,
  x32: X86_64,
  i386: I386,
  aarch64: [{ mnemonic: /^svc$/ }],
  arm: [{ mnemonic: /^(swi|svc)(al)?$/ }],
  riscv32: [{ mnemonic: /^ecall$/ }],
  riscv64: [{ mnemonic: /^ecall$/ }],
  mips: [{ mnemonic: /^syscall$/ }],
  mips64: [{ mnemonic: /^syscall$/ }],
  mipsn32: [{ mnemonic: /^syscall$/ }],
  loongarch64: [{ mnemonic: /^syscall$/ }],
  powerpc: [{ mnemonic: /^sc$/ }],
  powerpc64: [{ mnemonic: /^sc$/ }],
  s390x: [{ mnemonic: /^svc$/ }],
  sh: [{ mnemonic: /^trapa$/ }],
  microblaze: [{ mnemonic: /^brki$/, operands: /^r14,/ }],
  or1k: [{ mnemonic: /^l\.sys$/ }],
  m68k: [{ mnemonic: /^trap$/, operands: /^#0$/ }],
};

/** Line-comment markers of each arch's assembler (`#` is an immediate prefix on arm, aarch64, sh, m68k). */
const LINE_COMMENT: Record<string, RegExp> = {
  aarch64: /\/\/.*$/,
  arm: /(@|\/\/).*$/,
  sh: /!.*$/,
  m68k: /\|.*$/,
};
const HASH_COMMENT = /#.*$/;

export function knownTrapArch(arch: string): boolean {
  return arch in RULES;
}

/** The statement, normalised (`int $128`, `call *%gs:16`), when it is a trap instruction on `arch`. */
export function trapInstruction(arch: string, statement: string): string | null {
  const m = /^\s*([A-Za-z_.][\w.]*)\s*(.*?)\s*$/.exec(statement);
  if (!m) return null;
  const mnemonic = m[1].toLowerCase();
  const operands = m[2].replace(/\s+/g, '');
  for (const rule of RULES[arch] ?? []) {
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
  let code = line.replace(LINE_COMMENT[arch] ?? HASH_COMMENT, '');
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
  for (const arch of Object.keys(RULES)) {
    for (const line of text.split('\n')) {
      for (const s of asmStatements(arch, line)) if (trapInstruction(arch, s.text)) return true;
    }
  }
  return false;
}
