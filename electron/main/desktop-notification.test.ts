import { describe, expect, it } from 'vitest';
import { nativeNotificationFor } from './desktop-notification.js';

describe('nativeNotificationFor', () => {
  it('shows a monitor’s new change, and nothing for other events', () => {
    expect(
      nativeNotificationFor({
        type: 'notification.changed',
        id: 3,
        monitor_id: 1,
        action: 'created',
        title: 'Tea prices changed',
        body: '+ $13.50\n− $12.00',
      }),
    ).toEqual({ title: 'Tea prices changed', body: '+ $13.50\n− $12.00' });
    expect(
      nativeNotificationFor({ type: 'notification.changed', id: 3, monitor_id: 1, action: 'read' }),
    ).toBeUndefined();
    expect(nativeNotificationFor({ type: 'monitor.changed', id: 1, action: 'changed' })).toBeUndefined();
    const long = nativeNotificationFor({
      type: 'notification.changed',
      id: 4,
      monitor_id: 1,
      action: 'created',
      title: 'x changed',
      body: 'y'.repeat(1000),
    });
    expect(long?.body.length).toBe(240);
  });
});
