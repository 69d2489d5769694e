import { describe, expect, it } from 'vitest';
import { deepLinkInArgv, parseDeepLink } from './deep-links.js';

describe('officina:// links', () => {
  it('opens records and views', () => {
    expect(parseDeepLink('officina://customers/12')).toBe('/customers/12');
    expect(parseDeepLink('officina://orders/7')).toBe('/sales/orders/7');
    expect(parseDeepLink('officina://products/3/')).toBe('/sales/products/3');
    expect(parseDeepLink('officina://monitors/4')).toBe('/scraper/watched/4');
    expect(parseDeepLink('officina://settings')).toBe('/settings');
    expect(parseDeepLink('officina://dashboard')).toBe('/');
    expect(parseDeepLink('officina://customers/9007199254740991')).toBe('/customers/9007199254740991');
  });

  it('refuses everything else', () => {
    for (const link of [
      'officina://customers/0',
      'officina://customers/012',
      'officina://customers/-1',
      'officina://customers/1.5',
      'officina://customers/1e3',
      'officina://customers/99999999999999999',
      'officina://customers/12/edit',
      'officina://customers/12?x=1',
      'officina://customers/12#top',
      'officina://customers/%31%32',
      'officina://Customers/12',
      'officina://user:pw@customers/12',
      'officina://customers:80/12',
      'officina://settings/1',
      'officina://documents/../../etc/passwd',
      'officina://javascript:alert(1)',
      'officina:customers/12',
      'officina:///customers/12',
      'OFFICINA://customers/12',
      'https://customers/12',
      ' officina://customers/12',
      'officina://customers/12 ',
      'officina://nothing',
      'officina://',
      '',
      `officina://customers/${'1'.repeat(300)}`,
      undefined,
      42,
    ]) {
      expect(parseDeepLink(link), String(link)).toBeUndefined();
    }
  });

  it('finds the link among a second instance’s arguments', () => {
    expect(
      deepLinkInArgv([
        'C:\\Program Files\\Officina\\Officina.exe',
        '--allow-file-access-from-files',
        'officina://orders/5',
      ]),
    ).toBe('/sales/orders/5');
    expect(deepLinkInArgv(['/usr/bin/officina', '--no-sandbox'])).toBeUndefined();
    expect(deepLinkInArgv(['/usr/bin/officina', 'officina://customers/x', 'officina://customers/2'])).toBe(
      '/customers/2',
    );
  });
});
