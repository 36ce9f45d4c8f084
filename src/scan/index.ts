// The scanner stage: musl tree + arches → SyscallSite[] per arch.
export { scan, type ArchResult, type ScanResult, type ScanRunOptions } from './scan.js';
export { scanArch, scanArchWith, type ScanOptions } from './scan-arch.js';
export { neededSymbols, type NeededOptions, type NeededSymbol } from './needed.js';
export { DEFAULT_NAMING, type NamingOptions } from './classify.js';
export { formatText, groupSites, toJson, type GroupBy } from './report.js';
export { census, type Census } from './census.js';
export { scanJsonSchema, siteSchema, validateScanJson, type ScanJson } from './schema.js';
