// The proof of a patched build as the build and verify verbs print it.
import type { LibcVerification } from '../build/index.js';

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
