import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractsByName } from '../../shared/contracts.js';
import type { ErrorBody } from '../../shared/errors.js';
import { ok, testApp } from '../../test/helpers.js';
import { ApiError } from '../../renderer/src/api.js';
import {
  errorSentence,
  issueSentence,
  messageSentence,
  soundsTechnical,
  type FieldLabels,
} from '../../renderer/src/errorWords.js';

/**
 * The renderer's words for errors (renderer/src/errorWords.ts), tried on the real operations here,
 * beside them. Every error the UI's forms can meet when the person enters something wrong, from the real
 * operations (a whole Officina on a temp folder), must reach the person as sentences in their words:
 * no operation name, no field as a tool spells it (`postal_code`, `address.line1`), no schema talk.
 */

/** The operations behind the UI's forms, each with a valid input to spoil one field at a time. */
const FORMS: { operation: string; input: Record<string, unknown>; labels?: FieldLabels }[] = [
  {
    operation: 'create_customer',
    input: {
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+1 415 555 0100',
      address: {
        line1: '1 Main St',
        line2: 'Unit 2',
        city: 'San Francisco',
        region: 'CA',
        postal_code: '94103',
        country: 'US',
      },
      status: 'active',
      tags: ['vip'],
      notes: 'Met at the fair',
    },
  },
  {
    operation: 'update_customer',
    input: { customer_id: 1, name: 'Existing', email: 'existing@example.com', expected_version: 1 },
  },
  {
    operation: 'create_product',
    input: {
      sku: 'NEW-1',
      name: 'New',
      description: 'A mug',
      category: 'Kitchen',
      price: 5,
      currency: 'USD',
      weight_kg: 0.4,
      tags: ['mugs'],
      initial_stock: 3,
    },
  },
  { operation: 'update_product', input: { product_id: 'EXIST-1', name: 'Renamed', price: 6, expected_version: 1 } },
  { operation: 'adjust_inventory', input: { product_id: 'EXIST-1', change: 2, reason: 'Counted' } },
  { operation: 'create_order', input: { customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }] } },
  { operation: 'process_payment', input: { amount: 5, currency: 'USD', payment_method: 'cash', order_id: 1 } },
  { operation: 'refund_payment', input: { transaction_id: 'nope', amount: 1, reason: 'Broken' } },
  { operation: 'create_shipment', input: { order_id: 1, service: 'standard', carrier: 'UPS', tracking: '1Z' } },
  { operation: 'update_shipment_status', input: { shipment_id: 1, status: 'in_transit', note: 'On its way' } },
  { operation: 'update_shipping_rates', input: { rates: [{ service: 'standard', base: 10, per_kg: 0.5 }] } },
  {
    operation: 'update_document_metadata',
    input: {
      document_id: 'a.md',
      metadata: { title: 'A', tags: ['x'], custom: { client: 'Acme' } },
      expected_version: 1,
    },
  },
  { operation: 'move_document', input: { document_id: 'a.md', new_path: 'b.md', overwrite: false } },
  { operation: 'upload_document', input: { destination: 'c.md', content: '# C', overwrite: false } },
  { operation: 'request_changes', input: { document_id: 'a.md', comment: 'Please fix' } },
  {
    operation: 'monitor_website_changes',
    input: { url: 'http://127.0.0.1:1/', name: 'Mine', interval: 60, webhook_url: 'http://127.0.0.1:1/hook' },
  },
  {
    operation: 'update_settings',
    input: { default_country: 'US', currency: 'USD', tax_rate_bps: 825, time_zone: 'UTC' },
  },
  { operation: 'update_activity_retention', input: { days: 90, max_rows: 1000 } },
  { operation: 'update_version_retention', input: { max_age_days: 30, max_size_mb: 100 } },
  {
    operation: 'update_scraper_settings',
    input: { allowed_private_hosts: ['192.168.1.0/24'], concurrency_per_host: 2, delay_ms: 500 },
  },
  { operation: 'update_backup_policy', input: { scheduled: true, interval_hours: 24, keep: 7 } },
  { operation: 'add_allowed_folder', input: { path: '/tmp' } },
  { operation: 'set_order_discount', input: { order_id: 1, discount_percent: 10, expected_version: 1 } },
  { operation: 'quote_order_discount', input: { order_id: 1, discount_amount: 5 } },
  {
    operation: 'render_order_document',
    input: { order_id: 1, kind: 'invoice', save_to_vault: true, folder: 'invoices' },
  },
];

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
};

/** Values a person's typing (or a form's mistake) could send in place of a field of this shape. */
function spoilers(schema: JsonSchema): unknown[] {
  const types = new Set([schema.type, ...(schema.anyOf ?? []).map((s) => s.type)].flat().filter(Boolean));
  const values: unknown[] = [null, {}, true];
  if (types.has('string') || schema.enum) values.push('', '   ', 'x'.repeat(100_001), 'not valid!', 42);
  if (types.has('number') || types.has('integer')) values.push(-1, 0, 0.005, 1.5, 1e15, 'abc');
  if (types.has('array'))
    values.push(
      'x',
      [''],
      ['x'.repeat(300)],
      Array.from({ length: 300 }, (_, i) => `t${i}`),
    );
  if (types.has('object')) values.push('x', [], { unknown_part: 1 });
  return values;
}

/** Each field's path (nested objects and the first item of a list too) with the shape it takes. */
function fieldsOf(schema: JsonSchema, prefix: string[] = []): [string[], JsonSchema][] {
  const object = schema.properties ? schema : schema.anyOf?.find((s) => s.properties);
  if (!object?.properties) return [];
  return Object.entries(object.properties).flatMap(([key, sub]) => {
    const path = [...prefix, key];
    const item = sub.items ?? sub.anyOf?.find((s) => s.items)?.items;
    return [
      [path, sub] as [string[], JsonSchema],
      ...fieldsOf(sub, path),
      ...(item ? fieldsOf(item, [...path, '0']) : []),
    ];
  });
}

function withValue(input: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(input);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    if (typeof next !== 'object' || next === null) at[key] = /^\d+$/.test(key) ? [] : {};
    at = at[key] as Record<string, unknown>;
  }
  at[path.at(-1) ?? ''] = value;
  return copy;
}

/** The sentences a person would read for this error: the whole, and each field's. */
function sentencesFor(error: ErrorBody, labels: FieldLabels = {}): string[] {
  const apiError = new ApiError(error.code, error.message, error.issues ?? []);
  return [
    errorSentence(apiError, labels),
    messageSentence(error.code, error.message, labels),
    ...(error.issues ?? []).map((issue) => issueSentence(issue, labels)),
  ];
}

function expectPersonWords(sentence: string, context: string): void {
  expect(soundsTechnical(sentence), `${sentence}\n  from ${context}`).toBe(false);
  for (const name of contractsByName.keys()) expect(sentence, context).not.toContain(name);
  expect(sentence, context).toMatch(/^[A-Z"“(0-9]/);
  expect(sentence, context).toMatch(/[.!?)]$/);
  expect(sentence.length, context).toBeLessThan(600);
}

describe('errors in the words of the person', () => {
  it('turns every refusal of the forms’ operations into sentences without tool or schema wording', async () => {
    const app = testApp();
    ok(await app.call('create_customer', { name: 'Existing', email: 'existing@example.com' }));
    ok(await app.call('create_product', { sku: 'EXIST-1', name: 'Existing product', price: 5, initial_stock: 5 }));
    ok(await app.call('upload_document', { destination: 'a.md', content: '# A' }));
    ok(await app.call('upload_document', { destination: 'b.md', content: '# B' }));

    const seen = new Map<string, ErrorBody>();
    for (const form of FORMS) {
      const contract = contractsByName.get(form.operation);
      expect(contract, form.operation).toBeDefined();
      if (!contract) continue;
      const schema = z.toJSONSchema(contract.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const fields = fieldsOf(schema);
      expect(fields.length, form.operation).toBeGreaterThan(0);
      const inputs = [
        form.input,
        ...fields.flatMap(([path, sub]) => spoilers(sub).map((v) => withValue(form.input, path, v))),
      ];
      for (const input of inputs) {
        const result = await app.call(form.operation, input);
        if (result.ok) continue;
        const context = `${form.operation} ${JSON.stringify(input).slice(0, 200)} → ${JSON.stringify(result.error).slice(0, 400)}`;
        for (const sentence of sentencesFor(result.error, form.labels)) expectPersonWords(sentence, context);
        seen.set(`${form.operation} ${result.error.code} ${result.error.message}`, result.error);
      }
    }
    // The sweep met each kind of refusal the forms can meet, not only bad input.
    const codes = new Set([...seen.values()].map((error) => error.code));
    for (const code of ['invalid_input', 'not_found', 'conflict', 'forbidden']) expect(codes).toContain(code);
    expect(seen.size).toBeGreaterThan(150);
  }, 120_000);

  it('names the field as the form labels it, and says what is wrong', () => {
    expect(issueSentence({ path: 'address.line1', message: 'line1 is at most 200 characters' })).toBe(
      'Street can be at most 200 characters long.',
    );
    expect(issueSentence({ path: 'address.postal_code', message: 'postal_code is at most 20 characters' })).toBe(
      'Postal code can be at most 20 characters long.',
    );
    expect(issueSentence({ path: 'name', message: 'name cannot be empty' })).toBe('Name cannot be empty.');
    expect(issueSentence({ path: 'email', message: 'Invalid email address' })).toBe(
      'Email is not an email address, like name@example.com.',
    );
    expect(issueSentence({ path: 'tags.2', message: 'tags cannot be empty' })).toBe('Each tag cannot be empty.');
    expect(issueSentence({ path: 'items.0.quantity', message: 'Too small: expected number to be >0' })).toBe(
      'Quantity must be more than 0.',
    );
    // A form's own label wins over the shared one.
    expect(issueSentence({ path: 'delay_ms', message: 'delay_ms is at most 60000' }, { delay_ms: 'Pause' })).toBe(
      'Pause can be at most 60000.',
    );
  });

  it('reads as written for a person, not generated from the schema', () => {
    const say = (path: string, message: string) => issueSentence({ path, message });
    // A statement of the rule becomes what the value must be.
    expect(say('days', 'days is a whole number')).toBe('Days to keep entries must be a whole number.');
    expect(say('interval_hours', 'interval_hours is a whole number of hours')).toBe(
      'How often must be a whole number of hours.',
    );
    expect(say('keep', 'keep at least 1 backup')).toBe('Number of backups to keep must be at least 1.');
    expect(say('keep', 'keep at most 100 backups of each kind')).toBe('Number of backups to keep can be at most 100.');
    expect(say('items.0.quantity', 'quantity is at most 1,000,000')).toBe('Quantity can be at most 1,000,000.');
    // A limit a tool turns off with null is turned off with the form's switch.
    expect(say('days', 'days is at most 3650 (ten years); use null to keep entries whatever their age')).toBe(
      'Days to keep entries can be at most 3650 (ten years). Turn the limit off to keep entries whatever their age.',
    );
    expect(messageSentence('invalid_input', 'max_rows is at most 100,000,000. Use null for no limit.')).toBe(
      'Entries to keep is at most 100,000,000. Turn the limit off for none.',
    );
    // One character is not "1 characters"; a bare tag gets the field's name and what to do.
    expect(say('rates.0.label', 'Too small: expected string to have >=1 characters')).toBe(
      'Service name cannot be empty.',
    );
    expect(say('concurrency_per_host', 'at least 1')).toBe('Pages at a time per site must be at least 1.');
    expect(say('new_path', 'Exists')).toBe('New path: something is already there with this name; choose another.');
    expect(say('url', 'Not a URL')).toBe('Web page must be a web address, like https://example.com.');
    expect(say('url', 'Private address')).toMatch(/^Web page is on this computer or the local network/);
    expect(say('destination', 'Required without order_id')).toBe('Destination cannot be empty.');
    expect(say('price', 'Expected an amount as a number in major units, like 19.99')).toBe(
      'Price must be a number, like 19.99.',
    );
    expect(say('discount_percent', 'discount_percent has at most 2 decimals')).toBe(
      'Percent off has at most 2 decimals.',
    );
    // A name with "!" in it does not end the sentence.
    expect(messageSentence('not_found', 'There is no document at not valid! in the vault.')).toBe(
      'There is no document at not valid! in the vault.',
    );
  });

  it('keeps a message’s sentences for the person and leaves out those pointing to tools', () => {
    expect(messageSentence('not_found', 'There is no order with id 9. Find orders with list_orders.')).toBe(
      'There is no order with id 9.',
    );
    expect(
      messageSentence('conflict', 'Customer 3 was changed since you read it (version 4, you had 3); read it again.'),
    ).toMatch(/^Someone else changed this/);
    expect(
      messageSentence('invalid_input', 'Invalid input for update_customer: address.line1: line1 cannot be empty'),
    ).toBe('Street cannot be empty.');
    // Nothing left for a person: what the code means.
    expect(messageSentence('not_found', 'See list_monitors.')).toMatch(/no longer there/);
    expect(errorSentence(new Error('Could not reach the server.'))).toBe('Could not reach the server.');
  });
});
