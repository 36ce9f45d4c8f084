// The report stage: coverage results formatted (text, JSON, Markdown, GitHub annotations), deltas
// against a baseline, and the --fail-on policy. Reporters only format plain data.
export { formatText, formatTotals } from './text.js';
export { formatMarkdown, linkBaseFromEnv, COMMENT_MARKER, MARKDOWN_BUDGET, type LinkBase, type MarkdownOptions } from './markdown.js';
export { formatGithub, type GithubAnnotations } from './github.js';
export { formatSarif, type SarifOptions } from './sarif.js';
export { coverageFindings, compareFindings, FINDING_KINDS, KINDS, type Finding, type FindingKind } from './findings.js';
export { formatJson, readCoverageJson, toDocument, fromDocument, coverageDocumentSchema, COVERAGE_FORMAT, type CoverageResult, type CoverageDocument } from './schema.js';
export { coverageDelta, hasChanges, type ArchDelta, type SymbolChange } from './delta.js';
export { applyPolicy, findingFails, needsBaseline, parseFailOn, type Policy, type PolicyOutcome } from './policy.js';
export { symbolMatrix, type MatrixRow } from './matrix.js';
export { comparisonText, verificationText } from './verification.js';
