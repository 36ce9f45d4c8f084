// The JSON coverage document: the CoverageReport plus reader warnings, with a format tag so a
// baseline written by another musl-patch version is recognised. Parsing through the schema fixes
// the key order; arrays are sorted by the producer, so the output is byte-stable.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../util/errors.js';
import type { CoverageReport } from '../model/index.js';
import { appCoverageSchema } from '../model/app.js';

export const COVERAGE_FORMAT = 'musl-patch-coverage/1';

const siteRef = z.object({ file: z.string(), line: z.number().int(), column: z.number().int(), function: z.string().nullable() });

const backendSymbol = z.object({
  name: z.string(),
  status: z.enum(['implemented', 'stub']),
  file: z.string(),
  line: z.number().int(),
  params: z.array(z.string()).nullable(),
  /** Return type as written; null when unknown; absent in reports of earlier versions. */
  returns: z.string().nullable().optional(),
  weak: z.boolean(),
  /** Arches the definition's `#if`s compile it for; null or absent: every arch. */
  arches: z.array(z.string()).nullable().optional(),
});

const abiFinding = z.object({
  kind: z.enum(['return', 'parameter']),
  position: z.number().int().nullable(),
  declared: z.string(),
  expected: z.string(),
  site: z.object({ file: z.string(), line: z.number().int(), function: z.string().nullable() }).nullable(),
  message: z.string(),
});

const coverageEntry = z.object({
  symbol: z.string(),
  status: z.enum(['implemented', 'stub', 'missing']),
  neededArity: z.number().int().nullable(),
  naturalArity: z.number().int().nullable().default(null),
  definition: backendSymbol.nullable(),
  /** Absent in reports of earlier versions. */
  duplicates: z.array(backendSymbol).default([]),
  arityMismatch: z.boolean(),
  /** ABI disagreements on this arch; absent in reports of earlier versions. */
  abi: z.array(abiFinding).default([]),
  abiUnknown: z.array(z.string()).default([]),
  reachedFrom: z.array(z.string()),
  sites: z.array(siteRef),
});

const archCoverage = z.object({
  arch: z.string(),
  totals: z.object({
    needed: z.number().int(),
    implemented: z.number().int(),
    stub: z.number().int(),
    missing: z.number().int(),
    arity: z.number().int(),
    abi: z.number().int().default(0),
  }),
  entries: z.array(coverageEntry),
  unneeded: z.array(backendSymbol),
});

const warning = z.object({ file: z.string(), line: z.number().int().nullable(), message: z.string() });

export const coverageDocumentSchema = z.object({
  format: z.literal(COVERAGE_FORMAT),
  version: z.string(),
  backend: z.array(z.string()),
  arches: z.array(archCoverage),
  /** A report about one program (`coverage --app`); absent in a report about the whole libc. */
  app: appCoverageSchema.optional(),
  warnings: z.array(warning),
});

export type CoverageDocument = z.infer<typeof coverageDocumentSchema>;
export type ReaderWarning = z.infer<typeof warning>;

/** Everything a reporter formats: the report and what the backend reader warned about. */
export interface CoverageResult {
  report: CoverageReport;
  warnings: ReaderWarning[];
}

export function toDocument(result: CoverageResult): CoverageDocument {
  return coverageDocumentSchema.parse({ format: COVERAGE_FORMAT, ...result.report, warnings: result.warnings });
}

export function fromDocument(doc: CoverageDocument): CoverageResult {
  const { format: _format, warnings, ...report } = doc;
  return { report, warnings };
}

export function formatJson(result: CoverageResult): string {
  return `${JSON.stringify(toDocument(result), null, 2)}\n`;
}

/** Reads a coverage JSON written earlier (`--baseline`, `--from-json`). */
export async function readCoverageJson(file: string): Promise<CoverageResult> {
  const hint = 'pass a file written by `musl-patch coverage --format json`';
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`cannot read coverage report '${file}'`, hint);
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`coverage report '${file}' is not JSON`, hint);
  }
  const parsed = coverageDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `'${file}' is not a ${COVERAGE_FORMAT} document (${issue.path.join('.') || 'top level'}: ${issue.message})`,
      'regenerate it with `musl-patch coverage --format json` from this musl-patch version',
    );
  }
  return fromDocument(parsed.data);
}
