// Runs in Electron's utilityProcess (plain Node, no Electron APIs): the core lives here so that a long
// query never freezes a window. The logic is in core-host.ts (tested under Node); this file only
// finds the parent port and the settings that electron/main/index.ts put in the environment.
import { join } from 'node:path';
import { privateFileModes } from '../core/data-dir.js';
import { readCoreEnvironment, readDesktopMcpLaunch } from './core-env.js';
import { hostCore, type ParentPortLike } from './core-host.js';

privateFileModes();

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) throw new Error("core-process runs in Electron's utilityProcess, started by the main process.");

hostCore(parentPort, {
  settings: readCoreEnvironment(process.env),
  version: process.env['OFFICINA_APP_VERSION'],
  mcpLaunch: readDesktopMcpLaunch(process.env),
  // electron.vite.config.ts builds it beside this file.
  checkpointWorker: join(__dirname, 'checkpoint-worker.cjs'),
  extractWorker: join(__dirname, 'extract-worker.cjs'),
  exit: (code) => process.exit(code),
});
