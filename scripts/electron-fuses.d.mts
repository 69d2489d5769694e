import type { FuseV1Config } from '@electron/fuses';

export declare function fuseConfig(platform: string, arch: string | undefined): FuseV1Config;
export declare function afterPack(context: unknown): Promise<void>;
export default afterPack;
