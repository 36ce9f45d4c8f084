import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPatchedMusl, buildPlainMusl } from '../../src/build/index.js';
import { SUPPORTED_ARCHES } from '../../src/arch/index.js';
import { SUPPORTED_VERSIONS } from '../../src/source/manifest.js';
import { fetchTree } from '../../src/source/index.js';
import { renderProofTable } from './proof-table.js';
import { includeosBuildOptions, INCLUDEOS_VERSION } from './includeos-profile.js';

/**
 * The integration suite works on real musl, obtained through the tool itself. If no source can
 * deliver a release, the whole suite fails here with the tool's own explanation — never a skip.
 */
export default function setup(project: TestProject): () => void {
  const proofDir = mkdtempSync(join(tmpdir(), 'musl-patch-proof-'));
  const proofFile = join(proofDir, 'rows.jsonl');
  project.provide('proofFile', proofFile);
  const cli = join(process.cwd(), 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  for (const version of SUPPORTED_VERSIONS) {
    try {
      execFileSync(process.execPath, [cli, 'fetch', version, '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(
        `cannot obtain real musl ${version} for the integration suite:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}\n` +
          `Provide it: put musl-${version}.tar.gz in a directory and set MUSL_PATCH_MIRROR=that-directory, ` +
          `or run \`node dist/cli/main.js fetch ${version} --tarball FILE\` once.`,
      );
    }
  }
  const prebuilt = process.env.MUSL_PATCH_PREBUILD === '1' ? prebuildAll() : Promise.resolve();
  return async () => {
    await prebuilt;
    const table = renderProofTable(proofFile, SUPPORTED_VERSIONS, SUPPORTED_ARCHES);
    if (table) console.log(table);
    rmSync(proofDir, { recursive: true, force: true });
  };
}

/**
 * The full suite (`npm test` sets MUSL_PATCH_PREBUILD=1) builds every plain and patched musl in
 * the background from the start, one at a time, in the order test/e2e uses them, into the shared
 * build cache: the files that need no build run meanwhile on the other core, and a test that
 * needs a build still being made waits for it (the cache entry's lock) instead of making it
 * twice. Failures are left to the tests, which build again and report them.
 */
async function prebuildAll(): Promise<void> {
  for (const version of SUPPORTED_VERSIONS) {
    const tree = await fetchTree(version, { offline: true }).catch(() => null);
    if (!tree) continue;
    for (const arch of SUPPORTED_ARCHES) {
      await buildPlainMusl(tree, arch).catch(() => undefined);
      await buildPatchedMusl(tree, arch).catch(() => undefined);
    }
  }
  // IncludeOS's profile (oldmalloc, debug, CFLAGS, endian.patch) on 1.2.5: its proof rows and the drop-in e2e.
  const tree = await fetchTree(INCLUDEOS_VERSION, { offline: true }).catch(() => null);
  if (tree) {
    const options = includeosBuildOptions();
    for (const arch of SUPPORTED_ARCHES) {
      await buildPlainMusl(tree, arch, options).catch(() => undefined);
      await buildPatchedMusl(tree, arch, options).catch(() => undefined);
    }
  }
}
