import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/activity.js';
import { describeActivity } from '../../../shared/activity-sentences.js';
import type { Customer } from '../../../shared/customers.js';
import { giveEveryToolset, ok, testApp } from '../../../test/helpers.js';
import type { Caller } from '../catalogue/context.js';

const claude: Caller = { kind: 'mcp', name: 'claude-ai' };

describe('activity entries name records found by something other than their id', () => {
  it('names the customer an assistant looked up by email, and names none when there is no such customer', async () => {
    const app = testApp();
    await giveEveryToolset(app);
    const c = ok<Customer>(await app.call('create_customer', { name: 'Ada Lovelace', email: 'ada@example.com' }));
    ok(await app.call('get_customer', { email: 'ADA@example.com' }, claude, 'mcp'));
    await app.call('get_customer', { email: 'nobody@example.com' }, claude, 'mcp');
    await app.catalogue.drain();
    const entries = ok<{ items: ActivityEntry[] }>(
      await app.call('list_activity', { operation: 'get_customer', limit: 10 }),
    ).items;
    const [missing, found] = entries;
    expect(found).toMatchObject({ subject: { entity: 'customer', id: String(c.id), name: 'Ada Lovelace' } });
    expect(describeActivity(found!)).toBe('Claude looked at customer Ada Lovelace');
    expect(missing).toMatchObject({ outcome: 'not_found', subject: null });
    expect(describeActivity(missing!)).toBe('Claude tried to look at customer');
  });
});
