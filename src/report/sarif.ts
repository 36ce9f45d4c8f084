// SARIF 2.1.0 for code scanning: one rule per finding kind, results at the backend definitions
// (paths relative to the report's base, which the workflow makes the kernel repository's root). A
// missing symbol has no definition: its result carries the symbol as a logical location, and the
// kernel's profile file as the physical one when there is one (GitHub needs a file to show it).
import { PACKAGE_NAME, PACKAGE_VERSION } from '../util/package-info.js';
import { compareFindings, coverageFindings, FINDING_KINDS, inRepository, KINDS, type Finding } from './findings.js';
import type { CoverageResult } from './schema.js';

export interface SarifOptions {
  /** Findings of the baseline: results new against it carry `properties.new = true`. */
  baseline?: CoverageResult | null;
  /** A repository-relative file that missing symbols are reported at (the kernel's profile). */
  anchorFile?: string;
}

export function formatSarif(result: CoverageResult, options: SarifOptions = {}): string {
  const baseline = options.baseline ? coverageFindings(options.baseline.report) : null;
  const findings = compareFindings(coverageFindings(result.report), baseline);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: PACKAGE_NAME,
            version: PACKAGE_VERSION,
            rules: KINDS.map((kind) => {
              const k = FINDING_KINDS[kind];
              return {
                id: kind,
                name: k.name,
                shortDescription: { text: k.summary },
                help: { text: k.help },
                defaultConfiguration: { level: k.level },
              };
            }),
          },
        },
        automationDetails: { id: `musl-patch/coverage/${result.report.version}/` },
        results: findings.map((f) => ({
          ruleId: f.kind,
          ruleIndex: KINDS.indexOf(f.kind),
          level: FINDING_KINDS[f.kind].level,
          message: { text: `${f.message} (${f.arches.join(', ')}), musl ${result.report.version}.${needs(f)}` },
          locations: [location(f, options.anchorFile)],
          partialFingerprints: { 'muslPatchFinding/v1': `${f.kind}:${f.symbol}:${f.arches.join(',')}` },
          properties: { symbol: f.symbol, arches: f.arches, new: baseline ? f.newArches.length > 0 : undefined },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function location(f: Finding, anchorFile: string | undefined) {
  const file = f.definition && inRepository(f.definition.file) ? { uri: f.definition.file, line: f.definition.line } : anchorFile ? { uri: anchorFile, line: 1 } : null;
  return {
    ...(file ? { physicalLocation: { artifactLocation: { uri: encodeURI(file.uri), uriBaseId: '%SRCROOT%' }, region: { startLine: file.line } } } : {}),
    logicalLocations: [{ fullyQualifiedName: f.symbol, kind: 'function' }],
  };
}

function needs(f: Finding): string {
  if (f.reachedFrom.length === 0) return '';
  const shown = f.reachedFrom.slice(0, 8).join(', ');
  return ` Needed by ${shown}${f.reachedFrom.length > 8 ? `, +${f.reachedFrom.length - 8} more` : ''}.`;
}
