import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security.js';
import { mainWindowOptions, secureWebPreferences, withContentSecurityPolicy } from './window-options.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the window', () => {
  it('is isolated, sandboxed and without Node, with the preload given', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    // Nothing that would loosen it.
    for (const risky of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'devTools']) {
      expect(prefs, risky).not.toHaveProperty(risky);
    }
  });

  it('opens hidden (shown when ready) with those preferences', () => {
    const options = mainWindowOptions('/p.cjs');
    expect(options.show).toBe(false);
    expect(options.title).toBe('Officina');
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    // Where it opens (the remembered place) changes nothing of that.
    const placed = mainWindowOptions('/p.cjs', { x: -1800, y: 40, width: 1000, height: 700 });
    expect(placed).toEqual({ ...options, x: -1800, y: 40, width: 1000, height: 700 });
  });
});

describe('the Content-Security-Policy header', () => {
  it('is strict: only the app itself, no eval, no plugins, no frames, workers from the app only', () => {
    const directives = parse(CONTENT_SECURITY_POLICY);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    // pdf.js's worker comes from the bundle; the PDF preview draws onto canvases, so nothing is framed.
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });

  it('says what renderer/index.html says in its meta tag, plus frame-ancestors', () => {
    const html = readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeDefined();
    const header = parse(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors'); // ignored in a meta tag
    expect(parse(meta ?? '')).toEqual(header);
  });

  it('replaces whatever policy a response brought, in any letter case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'CONTENT-SECURITY-POLICY': 'script-src *',
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}
