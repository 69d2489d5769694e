import { describe, expect, it } from 'vitest';
import { desktopNotification } from './notifications.js';

describe('desktop notifications', () => {
  it('carry a title, a body and the route of their link', () => {
    expect(
      desktopNotification({ title: 'Page changed', body: 'example.com/pricing', link: 'officina://monitors/3' }),
    ).toEqual({
      title: 'Page changed',
      body: 'example.com/pricing',
      route: '/scraper/watched/3',
    });
    expect(desktopNotification({ title: 'Backup made', body: '' })).toEqual({
      title: 'Backup made',
      body: '',
      route: undefined,
    });
  });

  it('cut long text, and refuse what is not a notification or links outside the app', () => {
    const long = desktopNotification({ title: 'T'.repeat(500), body: '😀'.repeat(600) });
    expect([...long!.title]).toHaveLength(120);
    expect([...long!.body]).toHaveLength(500);
    expect(long!.body.endsWith('…')).toBe(true);
    for (const bad of [
      null,
      'text',
      { body: 'no title' },
      { title: '   ', body: 'x' },
      { title: 'x', body: 3 },
      { title: 'x', body: 'y', link: 'https://evil.example/' },
      { title: 'x', body: 'y', link: 'officina://customers/abc' },
    ]) {
      expect(desktopNotification(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});
