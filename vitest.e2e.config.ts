import { defineConfig } from 'vitest/config';

// End-to-end: Chromium against a real `officina serve`; one file at a time, they share the machine.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
