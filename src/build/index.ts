// The build stage: plain and patched musl per version × arch, cached, plus verification.
//
//   buildPlainMusl(tree, arch)    → installed plain musl
//   buildPatchedMusl(tree, arch)  → patched tree (cached: the shipped series and kernel-backend/
//                                   files when they fit, else a fresh rewrite), installed patched
//                                   musl, the compiled passthrough backend and the predicted set
//   verifyPatchedMusl(patched)    → objdump trap gate, nm -u vs prediction, duplicate definitions
export { buildPlainMusl, buildPatchedMusl, patchedTree, verifyPatchedMusl, type BuildOptions, type PatchedMusl } from './patched.js';
export { buildMusl, buildKey, type MuslBuild, type BuildRequest, type BuildVariant } from './build.js';
export { verifyLibc, findTraps, type LibcVerification, type TrapSite } from './verify.js';
export { buildPassthrough, PASSTHROUGH_DIR } from './passthrough.js';
export { claimPrefix, installPrefix, readPrefixManifest, PREFIX_MANIFEST, type InstalledArch, type PrefixRequest } from './install.js';
export { compareInstalls, EXPECTED_SYMBOL_DIFFERENCES, type InstallComparison } from './install-diff.js';
export { findToolchain, checkRunner, type Toolchain } from '../arch/index.js';
export { identifyProgramInput, type ProgramInput, type ProgramInputKind } from './elf.js';
export { linkProgram, executableSymbols, type ProgramLink, type LinkNode } from './link.js';
export { programNeeds, type ProgramNeeds } from './program-needs.js';
export { verifiedPatchedMusl, type VerifiedMusl } from './verified.js';
