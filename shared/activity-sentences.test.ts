import { describe, expect, it } from 'vitest';
import { describeActivity, formatChangeValue } from './activity-sentences.js';
import { contracts } from './contracts.js';

const entry = (over: Partial<Parameters<typeof describeActivity>[0]>) => ({
  caller_kind: 'mcp' as const,
  caller: 'claude-ai',
  operation: 'delete_customer',
  outcome: 'ok',
  subject: { entity: 'customer', id: '7', name: 'Bad Phone Co' },
  ...over,
});

describe('activity sentences', () => {
  it('reads as a sentence with the record’s name', () => {
    expect(describeActivity(entry({}))).toBe('Claude deleted customer Bad Phone Co');
    expect(describeActivity(entry({ outcome: 'conflict' }))).toBe('Claude tried to delete customer Bad Phone Co');
    expect(describeActivity(entry({ caller_kind: 'ui', caller: 'browser', operation: 'undo_activity' }))).toBe(
      'You undid a change to customer Bad Phone Co',
    );
    expect(
      describeActivity(entry({ operation: 'adjust_inventory', subject: { entity: 'product', id: '3', name: 'Mug' } })),
    ).toBe('Claude adjusted the stock of product Mug');
    expect(
      describeActivity(
        entry({ operation: 'update_order_status', subject: { entity: 'order', id: '12', name: '#12' } }),
      ),
    ).toBe('Claude changed the status of order #12');
    expect(describeActivity(entry({ caller: 'cursor', operation: 'list_customers', subject: null }))).toBe(
      'cursor looked through the customers',
    );
    expect(describeActivity(entry({ subject: { entity: 'customer', id: '7', name: null } }))).toBe(
      'Claude deleted customer #7',
    );
    expect(describeActivity(entry({ operation: 'rebuild_index', subject: null }))).toBe(
      'Claude rebuilt the search index',
    );
    expect(describeActivity(entry({ operation: 'some_new_tool', subject: null }))).toBe('Claude ran “some new tool”');
    expect(
      describeActivity(
        entry({ operation: 'submit_for_review', subject: { entity: 'document', id: '4', name: 'notes/plan.md' } }),
      ),
    ).toBe('Claude sent document notes/plan.md for review');
    expect(describeActivity(entry({ operation: 'submit_for_review', outcome: 'conflict', subject: null }))).toBe(
      'Claude tried to send for review',
    );
    expect(
      describeActivity(
        entry({ operation: 'update_shipping_rates', subject: { entity: 'shipping_rates', id: 'USD', name: null } }),
      ),
    ).toBe('Claude changed the shipping rates');
    expect(
      describeActivity(
        entry({ operation: 'cancel_execution', subject: { entity: 'workflow', id: 'wf', name: 'Welcome mail' } }),
      ),
    ).toBe('Claude stopped a run of workflow Welcome mail');
  });

  it('has words of its own for every operation, never the operation’s name', () => {
    const unworded = contracts
      .map((c) => c.name)
      .filter((name) => describeActivity(entry({ operation: name, subject: null })).includes('“'));
    expect(unworded).toEqual([]);
  });

  it('formats changed values for people', () => {
    expect(formatChangeValue(null)).toBe('—');
    expect(formatChangeValue(['a', 'vip'])).toBe('a, vip');
    expect(formatChangeValue({ line1: '1 Main St', city: 'Oslo', country: 'NO' })).toBe('1 Main St, Oslo, NO');
  });
});
