export declare function oneByteSource(source: string): string;
export declare function oneByteSources(dir: string): number;
