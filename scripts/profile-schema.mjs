#!/usr/bin/env node
// schema/musl-patch.schema.json, the JSON Schema of the kernel profile (musl-patch.json), generated
// from its zod schema (src/profile/schema.ts). `--check` fails when the committed file is stale
// (npm run check:generated); without it the file is rewritten. Needs `npm run build` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { profileJsonSchema } from '../dist/profile/schema.js';

const file = fileURLToPath(new URL('../schema/musl-patch.schema.json', import.meta.url));
const text = profileJsonSchema();
if (process.argv.includes('--check')) {
  let current = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('schema/musl-patch.schema.json is stale (node scripts/profile-schema.mjs rewrites it)');
    process.exit(1);
  }
  console.log('schema/musl-patch.schema.json: current');
} else {
  writeFileSync(file, text);
  console.log('schema/musl-patch.schema.json written');
}
