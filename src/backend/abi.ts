// The ABI check of one backend definition on one arch, against what musl's own call sites do:
// the patched libc declares every backend function `long f(long, ...)`, passes each argument as a
// `long` and reads a `long` back. A definition declared otherwise is called through that
// declaration, so where its types are narrower than what musl passes or reads, values are cut or
// arrive zero-extended (an `int` -EBADF reaches musl as 4294967287 on x86_64 and aarch64).
//
// Return type: a site that discards the result is fine; one that converts it to a type first
// (`int r = __syscall(...)`) needs the definition to be at least that wide; one that reads the
// whole `long` (through `__syscall_ret`, or comparing with -ENOSYS) needs `long`, unless musl's own
// result there is an unsigned type no wider than the definition's (umask: musl does not expect an
// error). Parameters: on 64-bit arches a parameter narrower than the value musl passes cuts it; on
// 32-bit arches a 64-bit parameter takes two of musl's 32-bit slots (where musl passes the halves
// of a 64-bit value, `__SYSCALL_LL_E/O`, separately). Types nothing visible defines are unknown.

import type { AbiFinding, SyscallSite } from '../model/index.js';
import type { TypeSizer } from './type-sizes.js';

export interface AbiVerdict {
  findings: AbiFinding[];
  /** Declared types the check could not size (reported, never guessed). */
  unknown: string[];
}

export interface AbiDefinition {
  name: string;
  returns?: string | null;
  params: string[] | null;
}

export interface AbiOptions {
  /** The definition takes the syscall number first (`syscall_n`): its parameters are shifted by one. */
  numberFirst?: boolean;
}

export function checkAbi(definition: AbiDefinition, sites: SyscallSite[], sizer: TypeSizer, opts: AbiOptions = {}): AbiVerdict {
  const unknown = new Set<string>();
  const findings: AbiFinding[] = [];
  const ret = returnFinding(definition.returns ?? null, sites, sizer, unknown);
  if (ret) findings.push(ret);
  if (definition.params) {
    const params = opts.numberFirst ? definition.params.slice(1) : definition.params;
    findings.push(...parameterFindings(params, sites, sizer, unknown, opts.numberFirst ? 1 : 0));
  }
  return { findings, unknown: [...unknown].sort() };
}

const isInternal = (fn: string | null) => fn === null || fn.startsWith('_');
const where = (s: SyscallSite) => ({ file: s.file, line: s.line, function: s.function });
const at = (s: SyscallSite) => `${s.file}:${s.line}${s.function ? ` (${s.function})` : ''}`;

function returnFinding(declared: string | null, sites: SyscallSite[], sizer: TypeSizer, unknown: Set<string>): AbiFinding | null {
  if (declared === null) return null; // assembly definitions: nothing declared to compare
  // Public functions first, so the example a report shows is `read()`, not an internal helper.
  const reading = sites
    .filter((s) => s.result && s.result.read !== 'none')
    .sort((a, b) => Number(isInternal(a.function)) - Number(isInternal(b.function)));
  if (reading.length === 0) return null;
  const finding = (site: SyscallSite, expected: string, why: string): AbiFinding => ({
    kind: 'return',
    position: null,
    declared,
    expected,
    site: where(site),
    message: `returns ${declared}; ${why} at ${at(site)}`,
  });
  if (declared === 'void') return finding(reading[0], 'a result', 'musl reads the result');
  const size = sizer.size(declared);
  if (size === null) {
    unknown.add(declared);
    return null;
  }
  if (size >= sizer.long) return null;
  for (const site of reading) {
    const { read, type } = site.result!;
    if (read === 'narrow') {
      const target = type === null ? null : sizer.size(type);
      if (target !== null && size < target) return finding(site, type!, `musl stores it as ${type} (${target} bytes, the definition gives ${size})`);
      continue;
    }
    // Read as a long: fine only where musl's own result is an unsigned type the definition covers.
    const final = type === null ? null : sizer.size(type);
    if (type !== null && final !== null && final <= size && sizer.unsigned(type) === true && sizer.unsigned(declared) === true) continue;
    return finding(site, 'long', `musl reads a long (${sizer.long} bytes): a negative errno arrives zero-extended`);
  }
  return null;
}

function parameterFindings(params: string[], sites: SyscallSite[], sizer: TypeSizer, unknown: Set<string>, shift: number): AbiFinding[] {
  const findings: AbiFinding[] = [];
  params.forEach((declared, i) => {
    const size = sizer.size(declared);
    if (size === null) {
      unknown.add(declared);
      return;
    }
    // What musl passes in slot i over all sites: the widest known value, and any split half.
    let widest: { site: SyscallSite; type: string; size: number } | null = null;
    let half: SyscallSite | null = null;
    let passed = false;
    for (const site of sites) {
      const slot = site.args?.[i];
      if (!slot) continue;
      passed = true;
      if (slot.half) half ??= site;
      // Every slot is a long: musl itself cuts a wider value to it (i386 `_llseek` passes `offset`'s low half).
      const known = slot.type === null ? null : sizer.size(slot.type);
      const w = known === null ? null : Math.min(known, sizer.long);
      if (w !== null && (!widest || w > widest.size)) widest = { site, type: slot.type!, size: w };
    }
    const position = i + 1 + shift;
    if (size > sizer.long && passed) {
      const halves = half ? `; musl passes the two halves of a 64-bit value there as separate arguments (${at(half)})` : '';
      findings.push({
        kind: 'parameter',
        position,
        declared,
        expected: `a ${sizer.long * 8}-bit slot`,
        site: half ? where(half) : widest ? where(widest.site) : null,
        message: `parameter ${position} is ${declared} (${size} bytes): it takes two of musl's ${sizer.long * 8}-bit argument slots${halves}`,
      });
    } else if (widest && size < widest.size) {
      findings.push({
        kind: 'parameter',
        position,
        declared,
        expected: widest.type,
        site: where(widest.site),
        message: `parameter ${position} is ${declared} (${size} bytes); musl passes ${widest.type} (${widest.size} bytes) at ${at(widest.site)}: larger values are cut`,
      });
    }
  });
  return findings;
}
