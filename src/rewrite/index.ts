// The rewrite stage: pristine musl tree → patched tree (applyRewrite), its patch series
// (musl-patches/<version>/) and the backend contract generated from the same per-arch probe
// (kernel-backend/include and passthrough tables); plus what this package ships of both.
export { applyRewrite, isBuildOutput, regenerateSeries, staleSeries, type SeriesOptions } from './apply.js';
export type { FileChange, RewriteOptions, RewriteResult } from './types.js';
export { asmSiteFunctions, asmSites, type AsmSite } from '../arch/index.js';
export { predictedFunctions, referencedFunctions } from './predict.js';
export { includesAnyOf, type ProbedFunction, type ProbeResult } from './probe.js';
export { applyPatchFiles, PACKAGE_KERNEL_BACKEND_ROOT, PACKAGE_SERIES_ROOT, seriesMismatches, seriesNames, type HunkConflict } from './committed.js';
export { fileHashes, localEdits, MANIFEST, outputDirRefusal, refuseAlreadyPatched } from './tree-guard.js';
export { constantFunctions, contractOfRewrite, type ArchContract, type ConstantFunction, type VersionContract } from './contract.js';
export {
  PASSTHROUGH_HAND_WRITTEN,
  passthroughTablePath,
  prototypesHeaderPath,
  readPrototypesHeader,
  renderKernelBackend,
  renderPassthroughTable,
} from './contract-files.js';
