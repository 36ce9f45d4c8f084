// The arch table and what is derived from it: every per-arch fact of musl-patch lives in table.ts
// (and each supported arch's assembly contract in asm/<arch>.ts); nothing else names an arch.
export { ARCH_TABLE } from './table.js';
export type { ArchFacts, AsmAction, AsmSite, BootFacts, RewriteFacts, TrapRule } from './types.js';
export {
  archesOfDirectoryName,
  archFacts,
  archOfElf,
  archOfIdentityMacro,
  BOOT_ARCHES,
  bootFacts,
  hostArch,
  MUSL_ARCHES,
  rewriteFacts,
  SUPPORTED_ARCHES,
  type BootArch,
  type SupportedArch,
} from './facts.js';
export { dataModel, predefinedMacros, type Predefined } from './predefined.js';
export { asmStatements, decodeAsmString, firstTrap, hasTrapOnAnyArch, knownTrapArch, trapInstruction, type AsmStatement } from './traps.js';
export { asmSiteFunctions, asmSites, referenceName } from './asm.js';
export { checkRunner, findToolchain, type Toolchain } from './toolchain.js';
