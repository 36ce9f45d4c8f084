// Macro expansion on the reliability issue's chain `#define M<i>(x) M<i+1>((x))` (issue 21: 80 s at
// n=1000 with the old expander, gcc 0.2 s): musl-patch's expander in process against `gcc -E` on the
// same input, measured in the same run. Target: n=1000 no slower than gcc -E (both are quadratic in
// n here: level i rescans an argument of 2i tokens).
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './timed.mjs';

const RUNS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchMacro() {
  const { expandTokens } = await import('../dist/c/expand.js');
  const { mapEnv } = await import('../dist/c/condition.js');
  const { lex } = await import('../dist/c/tokens.js');
  const dir = mkdtempSync(join(tmpdir(), 'musl-patch-bench-macro-'));
  const checks = [];
  try {
    for (const n of [1000, 2000]) {
      const defs = { [`M${n}(x)`]: 'x' };
      for (let i = 0; i < n; i++) defs[`M${i}(x)`] = `M${i + 1}((x))`;
      const file = join(dir, `chain-${n}.c`);
      writeFileSync(file, `${Object.entries(defs).map(([k, v]) => `#define ${k} ${v}`).join('\n')}\nM0(a)\n`);
      const gcc = median(Array.from({ length: RUNS }, () => timed('gcc', ['-E', '-P', file]).ms));
      const env = mapEnv(defs);
      const ours = median(
        Array.from({ length: RUNS }, () => {
          const t0 = performance.now();
          expandTokens(lex('M0(a)'), env);
          return performance.now() - t0;
        }),
      );
      console.log(`macro chain n=${n}: musl-patch ${ours.toFixed(0)} ms, gcc -E ${gcc.toFixed(0)} ms (median of ${RUNS})`);
      if (n === 1000) checks.push([`macro chain n=1000 no slower than gcc -E (${ours.toFixed(0)} vs ${gcc.toFixed(0)} ms)`, ours <= gcc]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return checks;
}
