import { describe, expect, it } from 'vitest';
import { sanitizeForLog } from './sanitize.js';

describe('sanitizeForLog', () => {
  it('redacts secret-looking fields and shortens huge values', () => {
    const out = sanitizeForLog({
      name: 'Ann',
      password: 'hunter2',
      api_key: 'k',
      card_number: '4242424242424242',
      nested: { token: 'abc', note: 'x'.repeat(5000) },
      list: Array.from({ length: 150 }, (_, i) => i),
    }) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'Ann',
      password: '[redacted]',
      api_key: '[redacted]',
      card_number: '[redacted]',
    });
    expect((out['nested'] as Record<string, string>)['token']).toBe('[redacted]');
    expect((out['nested'] as Record<string, string>)['note']).toMatch(/… \(5000 characters\)$/);
    expect(out['list']).toHaveLength(101);
  });
});
