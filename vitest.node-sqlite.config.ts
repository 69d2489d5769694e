import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests that open a store, again on the node:sqlite driver (the one the MCP Bundle runs on), so
 * that both drivers pass the same suite: everything under electron/core, mcp and cli, where the
 * store, the domains, the MCP server and the CLI are tested (spawned CLIs inherit the variable).
 * Not shared/, renderer/ or electron/main: they never open a database.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: ['electron/core/**/*.test.ts', 'electron/mcp/**/*.test.ts', 'electron/cli/**/*.test.ts'],
    // The MCP Bundle runs on node:sqlite whatever the variable says: its test is in the first run.
    exclude: [...configDefaults.exclude, 'electron/cli/mcpb.test.ts'],
    env: { OFFICINA_SQLITE_DRIVER: 'node' },
  },
});
