// `--fail-on`: which findings make `musl-patch coverage` exit 1. A kind (`missing`) fails on any such
// finding; `new-<kind>` only on one the baseline did not have on that arch, so a pull request is
// judged by what it changes: a symbol missing before and still missing never fails it.
import { UserError } from '../util/errors.js';
import { compareFindings, KINDS, type ComparedFinding, type Finding, type FindingKind } from './findings.js';

export interface Policy {
  /** Kinds that fail whenever present. */
  any: Set<FindingKind>;
  /** Kinds that fail when new against the baseline. */
  new: Set<FindingKind>;
}

const CHOICES = [...KINDS, ...KINDS.map((k) => `new-${k}`), 'none'];

/**
 * Parses `missing`, `new-stub`, `none` or a comma list (`new-missing,new-arity`). `stub` also fails
 * on missing symbols (`new-stub` on new missing ones): a symbol not there at all is never better than a stub.
 */
export function parseFailOn(spec: string): Policy {
  const words = spec.split(',').map((w) => w.trim()).filter((w) => w !== '');
  const unknown = words.find((w) => !CHOICES.includes(w));
  if (unknown !== undefined || words.length === 0) {
    throw new UserError(`--fail-on '${spec}' is not understood`, `use ${CHOICES.join(', ')}, or a comma list like new-missing,new-arity`);
  }
  const policy: Policy = { any: new Set(), new: new Set() };
  for (const w of words) {
    if (w === 'none') continue;
    const set = w.startsWith('new-') ? policy.new : policy.any;
    const kind = w.replace(/^new-/, '') as FindingKind;
    set.add(kind);
    if (kind === 'stub') set.add('missing');
  }
  return policy;
}

export function needsBaseline(policy: Policy): boolean {
  return policy.new.size > 0;
}

/** Whether a finding fails the check: `newArches` says on which arches it is new (empty: old). */
export function findingFails(finding: ComparedFinding, policy: Policy): boolean {
  return policy.any.has(finding.kind) || (policy.new.has(finding.kind) && finding.newArches.length > 0);
}

export interface PolicyOutcome {
  failed: boolean;
  /** One line per arch and failing category, e.g. `x86_64: 3 missing`, `aarch64: 1 new stub`. */
  reasons: string[];
  /** The kinds that failed. */
  kinds: FindingKind[];
}

export function applyPolicy(current: Finding[], baseline: Finding[] | null, policy: Policy, arches: string[]): PolicyOutcome {
  const findings = compareFindings(current, baseline);
  const reasons: string[] = [];
  const kinds = new Set<FindingKind>();
  for (const arch of arches) {
    for (const kind of KINDS) {
      const here = findings.filter((f) => f.kind === kind && f.arches.includes(arch));
      const fresh = policy.new.has(kind) ? here.filter((f) => f.newArches.includes(arch)).map((f) => f.symbol) : [];
      if (policy.any.has(kind) && here.length > 0) reasons.push(`${arch}: ${here.length} ${label(kind)}`);
      else if (fresh.length > 0) reasons.push(`${arch}: ${fresh.length} new ${label(kind)} (${fresh.slice(0, 3).join(', ')}${fresh.length > 3 ? ', …' : ''})`);
      else continue;
      kinds.add(kind);
    }
  }
  return { failed: reasons.length > 0, reasons, kinds: [...kinds] };
}

function label(kind: FindingKind): string {
  return kind === 'arity' ? 'arity mismatch(es)' : kind === 'abi' ? 'ABI mismatch(es)' : kind === 'undefined' ? 'undefined in the program' : kind;
}
