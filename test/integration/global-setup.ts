import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SUPPORTED_VERSIONS } from '../../src/source/manifest.js';

/**
 * The integration suite works on real musl, obtained through the tool itself. If no source can
 * deliver a release, the whole suite fails here with the tool's own explanation — never a skip.
 */
export default function setup(): void {
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
}
