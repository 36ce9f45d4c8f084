// The kernel side of the backend contract: generated files of kernel-backend/ (written and checked
// with src/generated-files.ts).
import { fileURLToPath } from 'node:url';

export { constantFunctions, contractOfRewrite, type VersionContract, type ArchContract, type ConstantFunction } from './contract.js';
export { readPrototypesHeader, renderKernelBackend, renderPassthroughTable, passthroughTablePath, prototypesHeaderPath, PASSTHROUGH_HAND_WRITTEN } from './render.js';

/** kernel-backend/ of this package (same relative place from src/ and dist/). */
export const PACKAGE_KERNEL_BACKEND_ROOT = fileURLToPath(new URL('../../kernel-backend', import.meta.url));
