// Write or check the generated files of kernel-backend/ for a version (temp file + rename each).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../report/write.js';
import type { GeneratedFile } from './render.js';

export { constantFunctions, contractOfRewrite, type VersionContract, type ArchContract, type ConstantFunction } from './contract.js';
export { readPrototypesHeader, renderKernelBackend, type GeneratedFile, renderPassthroughTable, passthroughTablePath, prototypesHeaderPath, PASSTHROUGH_HAND_WRITTEN } from './render.js';

/** kernel-backend/ of this package (same relative place from src/ and dist/). */
export const PACKAGE_KERNEL_BACKEND_ROOT = fileURLToPath(new URL('../../kernel-backend', import.meta.url));

export async function writeKernelBackend(root: string, files: GeneratedFile[]): Promise<string[]> {
  for (const f of files) await writeFileAtomic(path.join(root, f.path), f.text);
  return files.map((f) => f.path);
}

/** Relative paths whose committed content differs from `files` (or is missing). */
export function staleKernelBackend(root: string, files: GeneratedFile[]): string[] {
  return files.filter((f) => {
    const target = path.join(root, f.path);
    return !existsSync(target) || readFileSync(target, 'utf8') !== f.text;
  }).map((f) => f.path);
}
