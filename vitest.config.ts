import { defineConfig } from 'vitest/config';
import BuildsLast from './test/sequencer.js';

// Two projects: `unit` runs on small fixtures in seconds (the inner loop, `npm run test:unit`);
// `integration` works on real musl tarballs, cross compilers, qemu and nix (the CI suite).
// Two files at a time (vitest's default on 2 cores is one): a file waiting on qemu, a sleeping
// program or a build leaves the other core to the next file. Builds are shared through the
// cache, whose entries one process fills while the others wait (src/source/cache.ts).
export default defineConfig({
  test: {
    maxWorkers: 2,
    sequence: { sequencer: BuildsLast },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
