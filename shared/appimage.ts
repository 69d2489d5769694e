/**
 * The launcher an AppImage's Claude Desktop entry runs (electron/main/core-env.ts): it drops
 * `--no-sandbox`, which the entry passes so that the AppImage's start script does not put it before
 * the launcher. A module of its own, without zod: Electron's main process imports it.
 */
export const APPIMAGE_LAUNCHER_FILE = 'officina-mcp-appimage.cjs';
