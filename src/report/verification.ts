// The proof of a patched build as the build and verify verbs print it.
import { EXPECTED_SYMBOL_DIFFERENCES, type InstallComparison, type LibcVerification } from '../build/index.js';

/** The verification of one arch as the build and verify verbs print it. */
export function verificationText(v: LibcVerification): string {
  const lines = [`${v.arch}: ${v.ok ? 'ok' : 'FAILED'}`];
  lines.push(`  trap instructions: ${v.traps.length}`);
  for (const t of v.traps.slice(0, 20)) lines.push(`    ${t.object} ${t.symbol ?? '?'}: ${t.instruction}`);
  lines.push(`  backend functions needed (nm -u): ${v.needed.length}`);
  if (v.prediction) {
    lines.push(`  predicted but not referenced: ${v.prediction.missing.join(', ') || 'none'}`);
    lines.push(`  referenced but not predicted: ${v.prediction.unexpected.join(', ') || 'none'}`);
  }
  lines.push(`  duplicate strong definitions: ${v.duplicates.map((d) => `${d.name} (${d.objects.join(', ')})`).join('; ') || 'none'}`);
  return lines.join('\n');
}

/** Lines for the verify report: how a patched install compares with another (plain, or --against). */
export function comparisonText(c: InstallComparison, label: string): string[] {
  const list = (xs: string[]) => (xs.length === 0 ? 'none' : `${xs.slice(0, 12).join(', ')}${xs.length > 12 ? `, +${xs.length - 12} more` : ''}`);
  return [
    `  headers vs ${label}: ${c.headers.compared} compared; differ: ${list(c.headers.differ)}; only in patched: ${list(c.headers.onlyHere)}; only in ${label}: ${list(c.headers.onlyThere)}`,
    `  defined symbols vs ${label}: ${c.symbols.compared} in patched libc.a; only in patched: ${list(c.symbols.onlyHere)}; only in ${label}: ${list(c.symbols.onlyThere)}` +
      (c.symbols.expected.length ? `; expected: ${c.symbols.expected.map((s) => `${s} (${EXPECTED_SYMBOL_DIFFERENCES[s]})`).join(', ')}` : ''),
  ];
}
