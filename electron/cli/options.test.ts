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

describe('MCP session limits of serve', () => {
  it('default to 64 sessions and 30 minutes; flag > env > default', () => {
    expect(parseCli(['serve'], {})).toMatchObject({ maxMcpSessions: 64, mcpSessionIdleMs: 30 * 60_000 });
    const env = { OFFICINA_MAX_MCP_SESSIONS: '8', OFFICINA_MCP_SESSION_IDLE: '90s' };
    expect(parseCli(['serve'], env)).toMatchObject({ maxMcpSessions: 8, mcpSessionIdleMs: 90_000 });
    expect(parseCli(['serve', '--max-mcp-sessions', '2', '--mcp-session-idle', '2h'], env)).toMatchObject({
      maxMcpSessions: 2,
      mcpSessionIdleMs: 2 * 60 * 60_000,
    });
  });

  it('reads the idle timeout as minutes unless it says s, m or h', () => {
    for (const [text, ms] of [
      ['45', 45 * 60_000],
      ['45m', 45 * 60_000],
      ['30s', 30_000],
      ['1h', 60 * 60_000],
    ] as const) {
      expect(parseCli(['serve', '--mcp-session-idle', text], {}).mcpSessionIdleMs, text).toBe(ms);
    }
  });

  it('refuses values that are not a count or a duration, with the flag named', () => {
    for (const bad of ['0', '-1', 'many', '1.5', '100001']) {
      expect(() => parseCli(['serve', '--max-mcp-sessions', bad], {}), bad).toThrow(/--max-mcp-sessions/);
    }
    for (const bad of ['0', 'soon', '5d', '-3m', '1.5h', '0s']) {
      expect(() => parseCli(['serve', '--mcp-session-idle', bad], {}), bad).toThrow(/--mcp-session-idle/);
    }
    expect(() => parseCli(['serve'], { OFFICINA_MAX_MCP_SESSIONS: 'x' })).toThrow(/OFFICINA_MAX_MCP_SESSIONS/);
  });
});

describe('--toolsets and --output-schemas (mcp and serve)', () => {
  it('take a comma-separated list of toolsets; flag > env > none (every toolset the person gave)', () => {
    expect(parseCli(['mcp'], {})).toMatchObject({ toolsets: undefined, outputSchemas: false });
    expect(parseCli(['mcp', '--toolsets', 'customers, documents,customers'], {}).toolsets).toEqual([
      'customers',
      'documents',
    ]);
    const env = { OFFICINA_TOOLSETS: 'sales', OFFICINA_OUTPUT_SCHEMAS: '1' };
    expect(parseCli(['serve'], env)).toMatchObject({ toolsets: ['sales'], outputSchemas: true });
    expect(parseCli(['serve', '--toolsets', 'documents', '--output-schemas'], env)).toMatchObject({
      toolsets: ['documents'],
      outputSchemas: true,
    });
    expect(parseCli(['serve'], { OFFICINA_TOOLSETS: '' }).toolsets).toBeUndefined();
  });

  it('refuse what cannot be a toolset name, and an empty list, with the flag or variable named', () => {
    expect(() => parseCli(['mcp', '--toolsets', 'Customers'], {})).toThrow(
      '--toolsets takes toolset names separated by commas, such as customers,documents, not "Customers".',
    );
    expect(() => parseCli(['mcp', '--toolsets', ' , '], {})).toThrow(/--toolsets takes toolset names/);
    expect(() => parseCli(['mcp'], { OFFICINA_TOOLSETS: 'sales;documents' })).toThrow(
      /^OFFICINA_TOOLSETS \(--toolsets\) takes toolset names .* not "sales;documents"\.$/,
    );
  });
});

describe('--public-origin', () => {
  it('is repeatable, kept as the browser names the origin, and read from OFFICINA_PUBLIC_ORIGIN (commas: a URL holds colons)', () => {
    expect(parseCli(['serve'], {}).publicOrigins).toEqual([]);
    const flags = parseCli(
      ['serve', '--public-origin', 'https://Office.Example.com/', '--public-origin', 'http://x.test:8080'],
      {},
    );
    expect(flags.publicOrigins).toEqual(['https://office.example.com', 'http://x.test:8080']);
    const env = parseCli(['serve'], { OFFICINA_PUBLIC_ORIGIN: 'https://a.example.com, https://b.example.com:8443' });
    expect(env.publicOrigins).toEqual(['https://a.example.com', 'https://b.example.com:8443']);
    const both = parseCli(['serve', '--public-origin', 'https://c.example.com'], {
      OFFICINA_PUBLIC_ORIGIN: 'https://a.example.com',
    });
    expect(both.publicOrigins).toEqual(['https://c.example.com']);
  });

  it('refuses what is not an address alone, with the flag or variable named', () => {
    expect(() => parseCli(['serve', '--public-origin', 'office.example.com'], {})).toThrow(
      '--public-origin must be an address such as https://office.example.com, not "office.example.com".',
    );
    expect(() => parseCli(['serve', '--public-origin', 'https://office.example.com/app'], {})).toThrow(
      /^--public-origin is the address alone, without a path, query or user \(such as https:\/\/office\.example\.com\)/,
    );
    expect(() => parseCli(['serve'], { OFFICINA_PUBLIC_ORIGIN: 'ws://office.example.com' })).toThrow(
      /^OFFICINA_PUBLIC_ORIGIN \(--public-origin\) must start with https:\/\/ or http:\/\//,
    );
  });
});
