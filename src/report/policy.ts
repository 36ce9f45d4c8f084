// `--fail-on`: which findings make `musl-patch coverage` exit non-zero.
import { UserError } from '../errors.js';
import type { CoverageReport } from '../model.js';

export type FailOn = 'missing' | 'arity' | 'stub';
const CHOICES = ['missing', 'arity', 'stub', 'none'] as const;

/**
 * Parses `missing`, `stub`, `arity`, `none` or a comma list (`missing,arity`). `stub` also fails on
 * missing symbols: a symbol that is not there at all is never better than a stub.
 */
export function parseFailOn(spec: string): Set<FailOn> {
  const words = spec.split(',').map((w) => w.trim()).filter((w) => w !== '');
  const unknown = words.find((w) => !(CHOICES as readonly string[]).includes(w));
  if (unknown !== undefined || words.length === 0) {
    throw new UserError(`--fail-on '${spec}' is not understood`, `use ${CHOICES.join(', ')}, or a comma list like missing,arity`);
  }
  const policy = new Set(words.filter((w): w is FailOn => w !== 'none'));
  if (policy.has('stub')) policy.add('missing');
  return policy;
}

export interface PolicyOutcome {
  failed: boolean;
  /** One line per arch and failing category, e.g. `x86_64: 3 missing`. */
  reasons: string[];
}

export function applyPolicy(report: CoverageReport, policy: Set<FailOn>): PolicyOutcome {
  const reasons: string[] = [];
  for (const arch of report.arches) {
    for (const kind of ['missing', 'stub', 'arity'] as const) {
      const count = arch.totals[kind];
      if (policy.has(kind) && count > 0) reasons.push(`${arch.arch}: ${count} ${kind === 'arity' ? 'arity mismatch(es)' : kind}`);
    }
  }
  return { failed: reasons.length > 0, reasons };
}

/** Whether an entry counts as a failure under the policy (reporters mark those as errors). */
export function entryFails(entry: { status: string; arityMismatch: boolean }, policy: Set<FailOn>): boolean {
  return (entry.status === 'missing' && policy.has('missing')) || (entry.status === 'stub' && policy.has('stub')) || (entry.arityMismatch && policy.has('arity'));
}
