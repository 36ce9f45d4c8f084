import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/nix');

/** A writable copy of the whole fixtures/nix tree (relative imports between fixtures keep working). */
export function copyFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'musl-patch-nix-fixtures-'));
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}
