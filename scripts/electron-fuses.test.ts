import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { fuseConfig } from './electron-fuses.mjs';

describe('the packed app’s Electron fuses (electron-builder afterPack)', () => {
  it('keep RunAsNode on (Claude Desktop runs the app as Node) and close the other doors', () => {
    for (const platform of ['darwin', 'win32', 'linux', 'mas']) {
      const config = fuseConfig(platform, 'x64');
      expect(config, platform).toMatchObject({
        version: '1',
        [FuseV1Options.RunAsNode]: true,
        [FuseV1Options.EnableCookieEncryption]: true,
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
        [FuseV1Options.EnableNodeCliInspectArguments]: false,
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
        [FuseV1Options.OnlyLoadAppFromAsar]: true,
      });
      // The fuses it has no reason to touch keep Electron's defaults.
      expect(config[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot], platform).toBeUndefined();
      expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges], platform).toBeUndefined();
    }
  });

  it('re-signs ad hoc only an arm64 Mac binary, whose signature a flipped fuse breaks', () => {
    expect(fuseConfig('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    for (const [platform, arch] of [
      ['darwin', 'x64'],
      ['win32', 'arm64'],
      ['linux', 'arm64'],
    ] as const)
      expect(fuseConfig(platform, arch).resetAdHocDarwinSignature, `${platform} ${arch}`).toBe(false);
  });
});
