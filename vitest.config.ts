import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Spawned CLIs and SQLite files: two cores, keep the parallelism modest.
    maxWorkers: 2,
  },
});
