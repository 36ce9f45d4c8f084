import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs on small fixtures in seconds (the inner loop, `npm run test:unit`);
// `integration` works on real musl tarballs, cross compilers, qemu and nix (the CI suite).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
