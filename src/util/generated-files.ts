// Generated files committed to this repository (syscall-table/, kernel-backend/): written through a
// temp file + rename, and compared with a fresh generation for the CI's staleness check.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeOutputFile } from './output.js';

/** A generated file, its path relative to the root it is committed under. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** Writes every file under `root`; returns their relative paths. */
export async function writeGenerated(root: string, files: GeneratedFile[]): Promise<string[]> {
  for (const f of files) await writeOutputFile(path.join(root, f.path), f.text);
  return files.map((f) => f.path);
}

/** Relative paths whose committed content under `root` differs from `files` (or is missing). */
export function staleGenerated(root: string, files: GeneratedFile[]): string[] {
  return files
    .filter((f) => {
      const target = path.join(root, f.path);
      return !existsSync(target) || readFileSync(target, 'utf8') !== f.text;
    })
    .map((f) => f.path);
}
