// The official SARIF 2.1.0 schema (the rtm.5 JSON schema shipped in Microsoft's @microsoft/jest-sarif
// package, lib/schemas/; draft-04, hence ajv-draft-04) as a validator: no network.
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';

const schema = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema's language pattern is not valid with the u flag; it compiles as the schema's authors meant without it.
// Both packages are CommonJS with the export on `default` as well (what NodeNext's types see).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
export const validateSarif = ajv.compile(schema);

/** Parses a SARIF log and expects no schema error. */
export function validSarif(text: string): any {
  const log = JSON.parse(text);
  const ok = validateSarif(log);
  expect(ok ? [] : validateSarif.errors).toEqual([]);
  return log;
}
