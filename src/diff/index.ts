// The diff stage: what a musl upgrade changes per arch (backend symbols, sites matched by
// function), and which patches of the old series no longer apply.
export { diffArch, type ArchDiff, type SiteChange, type SiteRef, type StalePatch, type VersionDiff } from './version-diff.js';
export { diffJson, diffMarkdown, diffText } from './format.js';
export { stalePatches } from './stale-patches.js';
