import { describe, expect, it } from 'vitest';
import { appUrlPolicy, opensExternally } from './navigation.js';

describe('which pages the window may show', () => {
  const built = appUrlPolicy({ rendererIndexPath: '/opt/Officina/resources/app.asar/out/renderer/index.html' });

  it('loads the built renderer from its file, with any hash route', () => {
    expect(built.startUrl).toBe('file:///opt/Officina/resources/app.asar/out/renderer/index.html');
    expect(built.isAppUrl(built.startUrl)).toBe(true);
    expect(built.isAppUrl(`${built.startUrl}#/customers/42`)).toBe(true);
    expect(built.isAppUrl(`${built.startUrl}?x=1#/settings`)).toBe(true);
  });

  it('refuses other files, even beside it, and every other scheme', () => {
    for (const url of [
      'file:///opt/Officina/resources/app.asar/out/renderer/other.html',
      'file:///opt/Officina/resources/app.asar/out/renderer/',
      'file:///opt/Officina/resources/app.asar/out/renderer/index.html/../../../../../etc/passwd',
      'file:///etc/passwd',
      'file://evil.example/opt/Officina/resources/app.asar/out/renderer/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(built.isAppUrl(url), url).toBe(false);
    }
  });

  it('escapes the renderer path into a URL', () => {
    const spaced = appUrlPolicy({ rendererIndexPath: '/Users/zoë/My Apps/Officina.app/out/renderer/index.html' });
    expect(spaced.startUrl).toBe('file:///Users/zo%C3%AB/My%20Apps/Officina.app/out/renderer/index.html');
    expect(spaced.isAppUrl(`${spaced.startUrl}#/activity`)).toBe(true);
  });

  it('in development, allows the dev server origin only', () => {
    const dev = appUrlPolicy({
      rendererIndexPath: '/repo/out/renderer/index.html',
      devServerUrl: 'http://localhost:5173',
    });
    expect(dev.startUrl).toBe('http://localhost:5173/');
    expect(dev.isAppUrl('http://localhost:5173/#/customers')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(dev.isAppUrl('https://localhost:5173/')).toBe(false);
    expect(dev.isAppUrl('file:///repo/out/renderer/index.html')).toBe(false);
  });

  it('refuses a dev server URL that is not http(s)', () => {
    expect(() => appUrlPolicy({ rendererIndexPath: '/x/index.html', devServerUrl: 'file:///etc/' })).toThrow(/http/);
    expect(() => appUrlPolicy({ rendererIndexPath: '/x/index.html', devServerUrl: 'nonsense' })).toThrow(/http/);
  });

  it('ignores an empty dev server URL (packaged app)', () => {
    expect(appUrlPolicy({ rendererIndexPath: '/x/index.html', devServerUrl: '' }).startUrl).toBe(
      'file:///x/index.html',
    );
  });
});

describe('which links open in the browser', () => {
  it('opens https links', () => {
    expect(opensExternally('https://modelcontextprotocol.io/docs')).toBe(true);
    expect(opensExternally('https://example.com/path?q=1#frag')).toBe(true);
  });

  it('never opens anything else', () => {
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'data:text/html,hi',
      'https://user:secret@example.com/',
      'https://user@example.com/',
      'mailto:a@b.c',
      'not a url',
      '',
    ]) {
      expect(opensExternally(url), url).toBe(false);
    }
  });
});
