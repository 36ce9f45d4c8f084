// Write or check the generated files of kernel-backend/ for a version (temp file + rename each).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { contractOfRewrite, type VersionContract, type ArchContract, type ConstantFunction } from './contract.js';
export { readPrototypesHeader, renderKernelBackend, renderPassthroughTable, passthroughTablePath, prototypesHeaderPath, PASSTHROUGH_HAND_WRITTEN } from './render.js';

/** kernel-backend/ of this package (same relative place from src/ and dist/). */
export const PACKAGE_KERNEL_BACKEND_ROOT = fileURLToPath(new URL('../../kernel-backend', import.meta.url));

export interface GeneratedFile {
  /** Relative to the kernel-backend root. */
  path: string;
  text: string;
}

export async function writeKernelBackend(root: string, files: GeneratedFile[]): Promise<string[]> {
  for (const f of files) {
    const target = path.join(root, f.path);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await writeFile(tmp, f.text);
    await rename(tmp, target);
  }
  return files.map((f) => f.path);
}

/** Relative paths whose committed content differs from `files` (or is missing). */
export function staleKernelBackend(root: string, files: GeneratedFile[]): string[] {
  return files.filter((f) => {
    const target = path.join(root, f.path);
    return !existsSync(target) || readFileSync(target, 'utf8') !== f.text;
  }).map((f) => f.path);
}
