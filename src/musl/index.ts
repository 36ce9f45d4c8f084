// The musl stage: a tree → per-arch models (what musl's Makefile compiles, include order) and
// syscall tables (numbers and SYS_* aliases), plus the committed tables' text.
export { loadArchModel, selectSources } from './arch-model.js';
export { muslArches, checkArch } from './tree.js';
export { readSyscallTable, resolveSyscall } from './table.js';
export { PACKAGE_TABLE_ROOT, tableFiles, tableText } from './table-files.js';
export { publicArities, socketcallArities } from './public-arity.js';
export { checkMalloc, configureArgs, configureEnv, DEFAULT_CONFIGURE, DEFAULT_MALLOC, describeConfigure, isDefaultConfigure, type MuslConfigure } from './configure.js';
