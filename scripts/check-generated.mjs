#!/usr/bin/env node
// Fails when a committed generated file (syscall tables, patch series, backend headers) is not
// what the current code generates. Each entry is a musl-patch command that checks one family.
import { execFileSync } from 'node:child_process';

const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const VERSIONS = ['1.2.3', '1.2.5', '1.2.6'];
const checks = [
  ...VERSIONS.map((v) => ['table', v, '--check']),
  // Regenerates each series (with the per-arch probes) and compares it byte for byte.
  ...VERSIONS.map((v) => ['apply', v, '--check']),
];

let failed = 0;
// The kernel profile's JSON Schema, generated from its zod schema; README's examples: the PR
// comment (coverage of the fixture repository and a simulated PR) and coverage --app of a test program.
for (const script of ['profile-schema.mjs', 'pr-example.mjs', 'app-example.mjs']) {
  try {
    process.stdout.write(execFileSync(process.execPath, [new URL(script, import.meta.url).pathname, '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (err) {
    failed++;
    process.stderr.write(err.stderr || String(err));
  }
}
for (const args of checks) {
  try {
    const out = execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    process.stdout.write(out);
  } catch (err) {
    failed++;
    process.stderr.write(err.stderr || String(err));
  }
}
if (failed) {
  console.error(`${failed} generated file check(s) failed: regenerate with the command named above and commit.`);
  process.exit(1);
}
