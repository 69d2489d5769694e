// electron-builder's afterPack hook (electron-builder.yml): Electron's fuses, flipped in the packed
// executable before it is signed. A fuse is a switch compiled into the binary: what it turns off
// cannot be turned back on from outside (an environment variable, a flag), only by another build.
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { Arch } from 'electron-builder';

/**
 * The fuses of the packed app, for `electronPlatformName` (darwin, win32, linux, mas) and the arch's
 * name (x64, arm64, …).
 */
export function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // Claude Desktop starts Officina's MCP server by running the app's own executable as Node
    // (ELECTRON_RUN_AS_NODE=1 with the CLI inside the app; README "Claude Desktop"): turning this off
    // would break that link. It stays on, and the entry is the only thing that sets the variable.
    [FuseV1Options.RunAsNode]: true,
    // Cookies on disk encrypted with the OS keychain's key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // Nothing in the environment or on the command line can add Node options to the app (a preloaded
    // script, --inspect): the executable runs the app's code and no other. The MCP server needs neither.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // app.asar is checked against the hash electron-builder writes into the app (Info.plist on macOS,
    // a resource of the .exe on Windows) and the app loads only from it. Electron checks the hash on
    // macOS and Windows only; on Linux the fuse is inert.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // Flipping a fuse breaks an arm64 Mac binary's ad-hoc signature (an unsigned build): signed again
    // ad hoc here; a signed build is signed after this hook anyway.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  };
}

/** The hook: electron-builder's own flipper, which finds the executable on every platform. */
export async function afterPack(context) {
  const config = fuseConfig(context.electronPlatformName, Arch[context.arch]);
  await context.packager.addElectronFuses(context, config);
}

export default afterPack;
