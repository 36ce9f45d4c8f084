export { fetchTarball, fetchTree, resolveMuslTree, type FetchOptions, type FetchedTarball } from './fetch.js';
export { cacheDir } from './cache.js';
export { PINNED_SHA256, SUPPORTED_VERSIONS } from './manifest.js';
export { sha256File, sriFromHex } from './verify.js';
