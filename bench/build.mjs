// Build benchmark (issue 5): `musl-patch build 1.2.5 --arch x86_64` — the shipped series applied,
// configure, make, install, trap gate, nm check and passthrough — against the plain
// `./configure && make -j2 && make install` of the same pristine tree, both from cold caches in
// the same run. Target: <= 1.15x.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './timed.mjs';

export function benchBuild(cli, tree) {
  const work = mkdtempSync(join(tmpdir(), 'musl-patch-bench-build-'));
  try {
    const plainTree = join(work, 'plain');
    cpSync(tree, plainTree, { recursive: true });
    const step = (cmd, args) => {
      const r = timed(cmd, args, { cwd: plainTree });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr.slice(-2000)}`);
      return r.ms;
    };
    const plainMs =
      step('./configure', [`--prefix=${join(work, 'plain-prefix')}`]) + step('make', ['-j2']) + step('make', ['install']);
    console.log(`plain ./configure && make -j2 && make install (x86_64):  ${(plainMs / 1000).toFixed(1)} s`);

    const env = { ...process.env, MUSL_PATCH_CACHE: join(work, 'cache') };
    const patched = timed(process.execPath, [cli, 'build', tree, '--arch', 'x86_64', '-j', '2'], { env });
    if (patched.status !== 0) throw new Error(`musl-patch build failed:\n${patched.stderr.slice(-2000)}`);
    console.log(`musl-patch build --arch x86_64 (shipped series + build + verify + passthrough):  ${(patched.ms / 1000).toFixed(1)} s`);
    const ratio = patched.ms / plainMs;
    return [[`build vs plain make ${ratio.toFixed(2)}x (target <= 1.15x)`, ratio <= 1.15]];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
