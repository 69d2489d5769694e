import { delimiter, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from './options.js';

describe('--allow-path', () => {
  it('is repeatable, made absolute, and read from OFFICINA_ALLOW_PATHS when no flag is given', () => {
    const flags = parseCli(['mcp', '--allow-path', '/srv/in', '--allow-path', 'out'], {});
    expect(flags.allowPaths).toEqual([resolve('/srv/in'), resolve('out')]);
    const env = parseCli(['serve'], { OFFICINA_ALLOW_PATHS: ['/a', '/b'].join(delimiter) });
    expect(env.allowPaths).toEqual([resolve('/a'), resolve('/b')]);
    const both = parseCli(['serve', '--allow-path', '/c'], { OFFICINA_ALLOW_PATHS: '/a' });
    expect(both.allowPaths).toEqual([resolve('/c')]);
  });
});
