// The backend stage: a kernel's syscall backend (C/C++) read into definitions, and its coverage of
// what a patched musl needs (implemented, stub, missing, arity), plus stubs for the gaps.
export { runCoverage, type CoverageRun } from './run.js';
export { runAppCoverage, START_UP, type AppCoverageInput } from './app.js';
export { computeCoverage, SITES_PER_ENTRY, type CoverageInput } from './coverage.js';
export { readBackend, type BackendDefinition, type BackendPrototype, type BackendReading, type BackendWarning } from './reader.js';
export { defaultBackendConfig, isBackendSymbolName, DEFAULT_STUB_MARKERS, DEFAULT_EXTRA_SYMBOLS, type BackendConfig } from './config.js';
export { backendSourceFiles, displayPath, type BackendPath, type BackendSource } from './files.js';
export { archesOfDirectoryName } from './arch-conditions.js';
export { checkAbi, type AbiVerdict } from './abi.js';
export { typeSizer, type TypeSizer } from './type-sizes.js';
export { readSitesJson, scanSites } from './sites.js';
export { generateStubs, planStubs, type StubLanguage, type StubOptions } from './stubs.js';
