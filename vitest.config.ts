import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.ts',
      'deploy/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    // Builds out/node once, for the tests that spawn the real `officina` CLI.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Spawned CLIs and SQLite files: two cores, keep the parallelism modest.
    maxWorkers: 2,
  },
});
