// The verified patched libc a program is checked against: the cached patched build, and its
// verification (trap gate, nm == prediction, no duplicate definitions), which is kept per build
// (a sealed cache entry) so that each `coverage --app` run does not disassemble libc.a again
// (~3-4 s per arch).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SupportedArch } from '../arch/index.js';
import type { MuslTree } from '../model/index.js';
import { cachedValue, cacheDir, cacheSubdir } from '../util/cache.js';
import { buildPatchedMusl, verifyPatchedMusl, type BuildOptions, type PatchedMusl } from './patched.js';
import type { LibcVerification } from './verify.js';

export interface VerifiedMusl {
  patched: PatchedMusl;
  verification: LibcVerification;
}

export async function verifiedPatchedMusl(tree: MuslTree, arch: SupportedArch, opts: BuildOptions = {}): Promise<VerifiedMusl> {
  const patched = await buildPatchedMusl(tree, arch, opts);
  const hash = createHash('sha256').update(JSON.stringify([patched.predicted, patched.naming]));
  for (const f of [patched.build.libc, ...patched.build.crt]) {
    const st = statSync(f);
    hash.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
  }
  // The verifier's own code: a stricter check must not reuse an older verdict.
  const verifier = fileURLToPath(new URL('./verify.js', import.meta.url));
  if (existsSync(verifier)) hash.update(readFileSync(verifier));
  const dir = path.join(cacheSubdir(opts.cacheRoot ?? cacheDir(), 'verified'), `${tree.version}-${arch}-${hash.digest('hex').slice(0, 20)}`);
  return { patched, verification: await cachedValue(dir, () => verifyPatchedMusl(patched)) };
}
