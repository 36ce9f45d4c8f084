import type { Command } from 'commander';
import { fetchTarball, fetchTree } from '../../source/index.js';
import { addSourceOptions, fetchOptions, type SourceCliOptions } from '../source-options.js';

export function register(program: Command): void {
  addSourceOptions(
    program
      .command('fetch <version>')
      .description('get musl-<version>.tar.gz, verify its sha256, cache it and extract it safely'),
  )
    .option('--no-extract', 'only fetch and verify the tarball')
    .action(async (version: string, opts: SourceCliOptions & { extract: boolean }) => {
      const options = fetchOptions(opts);
      if (opts.source) {
        const tree = await fetchTree(version, options);
        console.log(`musl ${tree.version} tree: ${tree.root} (used as is)`);
        return;
      }
      // Both lines only once everything succeeded: a tree that fails to extract prints no tarball line first.
      const tarball = await fetchTarball(version, options);
      const tree = opts.extract ? await fetchTree(version, { ...options, tarball: undefined }) : null;
      console.log(`musl ${version} tarball: ${tarball.path} (sha256 ${tarball.sha256}, from ${tarball.origin})`);
      if (tree) console.log(`musl ${version} tree: ${tree.root}`);
    });
}
