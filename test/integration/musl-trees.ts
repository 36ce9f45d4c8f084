import type { MuslTree } from '../../src/model.js';
import { fetchTree } from '../../src/source/index.js';

/** A real, verified musl tree; the global setup has already fetched it, so this stays offline. */
export function muslTree(version: string): Promise<MuslTree> {
  return fetchTree(version, { offline: true });
}

/** Absolute path of the built CLI, for tests that run it as a user would. */
export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;
