import { describe, expect, it } from 'vitest';
import type { OfficinaEvent } from '../../../shared/events.js';
import { ok, tempDir, testApp } from '../../../test/helpers.js';

describe('change feed between processes', () => {
  it('republishes the other connection’s writes and activity on this bus, not its own twice', async () => {
    const dataDir = tempDir();
    const desktop = testApp({ dataDir });
    const claude = testApp({ dataDir });
    // Both feeds start at the current end of the log; poll by hand instead of waiting for the timer.
    const feeds = [desktop.feed, claude.feed];
    feeds.forEach((f) => {
      f.start();
      f.stop();
    });
    const seen: OfficinaEvent[] = [];
    desktop.bus.subscribe((e) => seen.push(e));

    const created = ok<{ id: number }>(
      await claude.call(
        'create_customer',
        { name: 'Remote', email: 'r@example.com' },
        { kind: 'mcp', name: 'claude-ai' },
        'mcp',
      ),
    );
    feeds[0]?.poll();
    expect(seen).toContainEqual({ type: 'record.changed', entity: 'customer', id: created.id, action: 'created' });
    expect(seen.filter((e) => e.type === 'activity.recorded')).toHaveLength(1);

    seen.length = 0;
    ok(await desktop.call('update_settings', { currency: 'EUR' }));
    seen.length = 0;
    feeds[0]?.poll();
    expect(seen).toEqual([]);
  });
});
