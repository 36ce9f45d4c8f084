// The kernel profile of the IncludeOS-shaped fixture repository, as `musl-patch init` reads it:
// musl 1.2.5 with --with-malloc=oldmalloc --enable-debug, IncludeOS's CFLAGS and its endian.patch.
// The proof rows of that profile (test/integration/build/profile-libc.test.ts, test/e2e/conformance.test.ts)
// and the drop-in e2e (test/e2e/includeos-repo.test.ts) build with it, so they share the cached builds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from '../../src/build/index.js';
import { profileFromRepository } from '../../src/profile/init.js';
import { profileSchema } from '../../src/profile/schema.js';

export const INCLUDEOS_REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/includeos-repo');
/** The name of its rows in the proof table. */
export const INCLUDEOS_PROFILE = 'oldmalloc';
export const INCLUDEOS_VERSION = '1.2.5';

export function includeosBuildOptions(): BuildOptions {
  const { profile } = profileFromRepository({ root: INCLUDEOS_REPO, derivation: path.join(INCLUDEOS_REPO, 'deps/musl/default.nix') });
  const { musl } = profileSchema.parse(profile);
  return { configure: { malloc: musl.malloc, debug: musl.debug, cflags: musl.cflags }, patches: musl.patches.map((p) => path.join(INCLUDEOS_REPO, p)) };
}
