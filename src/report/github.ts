// GitHub Actions workflow commands, only where the reviewer can act: on definitions in the kernel's
// repository (a stub, an arity finding; never musl's sources, which are not in that repository).
// With a baseline only what the change introduced is annotated. Findings that fail the check
// (--fail-on) are errors, the others warnings; GitHub shows 10 of each per step, so no more are
// written and the count of the rest is returned for the job summary.
import { compareFindings, coverageFindings, FINDING_KINDS, inRepository, type ComparedFinding } from './findings.js';
import { findingFails, type Policy } from './policy.js';
import type { CoverageResult } from './schema.js';

/** What GitHub displays per step and level. */
export const ANNOTATION_LIMIT = 10;

interface Annotation {
  level: 'error' | 'warning';
  /** Null: an annotation of the run, not of a line (a program's gap has no line in its repository). */
  file: string | null;
  line: number;
  title: string;
  message: string;
}

export interface GithubAnnotations {
  text: string;
  /** Annotatable findings and warnings left out by the limit (the job summary has them). */
  omitted: number;
}

export function formatGithub(result: CoverageResult, policy: Policy, baseline: CoverageResult | null = null): GithubAnnotations {
  const findings = compareFindings(coverageFindings(result.report), baseline ? coverageFindings(baseline.report) : null);
  // A program's report (`--app`) annotates its findings on the run: the backend is not in the program's repository.
  const here = (f: ComparedFinding) => f.definition !== null && inRepository(f.definition.file);
  const shown = findings.filter((f) => (here(f) || result.report.app) && (!baseline || f.newArches.length > 0));
  const candidates: Annotation[] = shown.map((f) => annotation(f, policy));
  const knownWarnings = new Set((baseline?.warnings ?? []).map((w) => `${w.file}\0${w.message}`));
  for (const w of result.warnings) {
    if (!inRepository(w.file) || knownWarnings.has(`${w.file}\0${w.message}`)) continue;
    candidates.push({ level: 'warning', file: w.file, line: w.line ?? 1, title: 'backend reader', message: w.message });
  }
  const errors = candidates.filter((a) => a.level === 'error');
  const warnings = candidates.filter((a) => a.level === 'warning');
  const kept = [...errors.slice(0, ANNOTATION_LIMIT), ...warnings.slice(0, ANNOTATION_LIMIT)];
  return { text: kept.map(command).join(''), omitted: candidates.length - kept.length };
}

function annotation(f: ComparedFinding, policy: Policy): Annotation {
  const needs = f.reachedFrom.length > 0 ? `; needed by ${f.reachedFrom.slice(0, 8).join(', ')}${f.reachedFrom.length > 8 ? ', …' : ''}` : '';
  const fresh = f.newArches.length > 0 ? ' (new in this change)' : '';
  return {
    level: findingFails(f, policy) ? 'error' : 'warning',
    file: f.definition && inRepository(f.definition.file) ? f.definition.file : null,
    line: f.definition?.line ?? 1,
    title: `${f.symbol}: ${FINDING_KINDS[f.kind].title}${fresh}`,
    message: `${f.message} (${f.arches.join(', ')})${needs}`,
  };
}

function command(a: Annotation): string {
  const where = a.file === null ? '' : `file=${property(a.file)},line=${a.line},`;
  return `::${a.level} ${where}title=${property(a.title)}::${data(a.message)}\n`;
}

/** Escaping rules of GitHub workflow commands. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
