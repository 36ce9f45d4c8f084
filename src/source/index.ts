// The source stage: a musl version (or a tarball, or a directory) → a verified, extracted MuslTree.
export { fetchTarball, fetchTree, resolveMuslTree, type FetchOptions, type FetchedTarball } from './fetch.js';
export { openMuslTree } from './tree.js';
export { isVersion, PINNED_SHA256, RELEASE_COMMITS, SUPPORTED_VERSIONS, UPSTREAM_RELEASES } from './manifest.js';
export { sha256File, sriFromHex } from './verify.js';

/** Safe extraction loads node-tar, so it is only imported when a tarball must be unpacked. */
export async function extractTarballSafely(tarball: string, destDir: string): Promise<string> {
  return (await import('./extract.js')).extractTarballSafely(tarball, destDir);
}
