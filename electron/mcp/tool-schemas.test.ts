import { z } from 'zod';
import { assert, describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { nullAsAbsent } from '../../shared/null-as-absent.js';
import { Id, IdLike } from '../../shared/schemas.js';
import { inputJsonSchema, outputJsonSchema } from './tool-schemas.js';

/** Every subschema of `schema`, with its path, the way a linter walks it. */
function* walk(schema: unknown, path = ''): Generator<[string, Record<string, unknown>]> {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    for (const [i, item] of schema.entries()) yield* walk(item, `${path}[${i}]`);
    return;
  }
  const node = schema as Record<string, unknown>;
  yield [path, node];
  for (const [key, value] of Object.entries(node)) {
    if (['properties', '$defs'].includes(key)) {
      for (const [name, sub] of Object.entries(value as Record<string, unknown>))
        yield* walk(sub, `${path}.${key}.${name}`);
    } else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not', 'propertyNames'].includes(key)) {
      yield* walk(value, `${path}.${key}`);
    }
  }
}

const assistantContracts = contracts.filter((c) => c.faces.includes('mcp'));
const schemasOf = (io: 'input' | 'output') =>
  assistantContracts.map(
    (c) => [c.name, io === 'input' ? inputJsonSchema(c.input) : outputJsonSchema(c.output)] as const,
  );

describe('tool schemas', () => {
  it('write a value that may be null as anyOf with one type per branch, never a type array', () => {
    const schema = inputJsonSchema(
      z.strictObject({
        phone: z.string().nullable().describe('Phone'),
        notes: z.string().min(2).nullable().optional(),
        count: z.number().int().nullable(),
        address: z
          .union([z.string(), z.strictObject({ city: z.string() })])
          .describe('A line, or parts')
          .nullable(),
      }),
    );
    expect(schema['properties']).toEqual({
      phone: { description: 'Phone', anyOf: [{ type: 'string' }, { type: 'null' }] },
      notes: { anyOf: [{ type: 'string', minLength: 2 }, { type: 'null' }] },
      count: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      // A union that may also be null is one anyOf, its description beside it.
      address: {
        description: 'A line, or parts',
        anyOf: [
          { type: 'string' },
          { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
          { type: 'null' },
        ],
      },
    });
    for (const io of ['input', 'output'] as const) {
      for (const [name, root] of schemasOf(io)) {
        for (const [path, node] of walk(root)) expect(Array.isArray(node['type']), `${name} ${io}${path}`).toBe(false);
      }
    }
  });

  it('list a null that only means "not given" as the member alone, and an update’s null, which clears, as a value', () => {
    const schema = inputJsonSchema(
      nullAsAbsent(
        z.strictObject({
          // zod writes these as a type array, T and null
          phone: z.string().optional(),
          archived: z.boolean().default(false),
          // and these as anyOf
          tags: z.array(z.string()).max(5).optional(),
          country: z.string().trim().toUpperCase().optional(),
          notes: z.string().nullable().optional().describe('null clears the notes'),
        }),
      ),
    );
    expect(schema['properties']).toEqual({
      phone: { type: 'string' },
      archived: { default: false, type: 'boolean' },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
      country: { type: 'string' },
      notes: { description: 'null clears the notes', anyOf: [{ type: 'string' }, { type: 'null' }] },
    });
    // No tool carries the marker (or any other keyword of ours) to a client.
    for (const [name, root] of schemasOf('input')) expect(JSON.stringify(root), name).not.toMatch(/"x-/);
  });

  it('leave out what says nothing: safe-integer bounds, string keys, and schemas that accept anything', () => {
    const schema = inputJsonSchema(
      z.strictObject({
        id: Id,
        any_id: IdLike,
        custom: z.record(z.string().min(1).max(64), z.unknown()),
        input: z.unknown(),
        refused: z.never().optional(),
      }),
    );
    expect(schema['properties']).toEqual({
      id: { type: 'integer', exclusiveMinimum: 0 },
      // "42" is accepted too (clients stringify ids), and not listed: a model should send 42.
      any_id: { type: 'integer', exclusiveMinimum: 0 },
      custom: { type: 'object', additionalProperties: true },
      input: {
        anyOf: ['object', 'array', 'string', 'number', 'boolean', 'null'].map((type) => ({ type })),
      },
      // The always-false schema, as the Inspector's lint suggests it.
      refused: { not: {} },
    });
    expect(IdLike.parse('42')).toBe(42);
    // What the Inspector's strict lint warns about, in no tool: every subschema constrains its value.
    for (const io of ['input', 'output'] as const) {
      for (const [name, root] of schemasOf(io)) {
        for (const [path, node] of walk(root)) {
          const says = Object.keys(node).some(
            (k) => !['description', 'title', 'default', 'examples', 'deprecated'].includes(k),
          );
          // Under `not`, the empty schema is what refuses (the Inspector's lint allows it there too).
          expect(says || path.endsWith('.not'), `${name} ${io}${path}`).toBe(true);
          expect(node['minimum'], `${name} ${io}${path}`).not.toBe(Number.MIN_SAFE_INTEGER);
        }
      }
    }
  });

  it('check where the call arrives what they do not list: string lengths, cursors, SKUs in a reference, amounts’ overflow guard', () => {
    const contract = (name: string) => assistantContracts.find((c) => c.name === name) ?? assert.fail(name);
    const listed = (name: string) => inputJsonSchema(contract(name).input)['properties'] as Record<string, unknown>;
    const refusal = (name: string, input: unknown) =>
      contract(name)
        .input.safeParse(input)
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

    expect(listed('create_customer')['name']).toEqual({ type: 'string' });
    expect(refusal('create_customer', { name: 'x'.repeat(201), email: 'ada@example.com' })).toEqual([
      expect.stringMatching(/^name: .*200/),
    ]);
    expect(refusal('create_customer', { name: ' ', email: 'ada@example.com' })).toEqual([
      expect.stringMatching(/^name: /),
    ]);
    expect(listed('list_customers')['cursor']).toEqual({ type: 'string' });
    expect(refusal('list_customers', { cursor: 'not a cursor' })).toEqual([
      'cursor: cursor must be the next_cursor value of a previous page',
    ]);
    expect(listed('check_inventory')['product_id']).toEqual({
      description: 'The product’s id or SKU',
      anyOf: [{ type: 'integer', exclusiveMinimum: 0 }, { type: 'string' }],
    });
    expect(refusal('check_inventory', { product_id: 'MUG RED' })).toEqual([
      expect.stringMatching(/^product_id: .*SKU/),
    ]);
    // The SKU a model makes up is listed with its pattern.
    expect(listed('create_product')['sku']).toMatchObject({ pattern: expect.any(String) });
    expect(listed('create_product')['price']).toEqual({ type: 'number', minimum: 0 });
    expect(refusal('create_product', { sku: 'MUG', name: 'Mug', price: 1e13 })).toEqual(['price: amount is too large']);
  });

  it('give outputs their shape only, each shape used twice defined once', () => {
    const Address = z.object({ line1: z.string().max(200).describe('First line'), city: z.string() });
    const schema = outputJsonSchema(
      z.object({
        id: z.number().int().describe('Its id'),
        billing: Address,
        shipping: Address.nullable(),
        history: z.array(z.object({ at: z.string().describe('ISO-8601'), note: z.string().nullable() })),
        custom: z.record(z.string(), z.unknown()),
      }),
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        billing: { $ref: '#/$defs/billing' },
        shipping: { anyOf: [{ $ref: '#/$defs/billing' }, { type: 'null' }] },
        history: {
          type: 'array',
          items: {
            type: 'object',
            properties: { at: { type: 'string' }, note: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
            required: ['at', 'note'],
          },
        },
        custom: { type: 'object', additionalProperties: true },
      },
      required: ['id', 'billing', 'shipping', 'history', 'custom'],
      $defs: {
        billing: {
          type: 'object',
          properties: { line1: { type: 'string' }, city: { type: 'string' } },
          required: ['line1', 'city'],
        },
      },
    });
    for (const [name, root] of schemasOf('output')) {
      for (const [path, node] of walk(root)) {
        const limits = Object.keys(node).filter((k) =>
          ['description', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'format'].includes(k),
        );
        expect(limits, `${name}${path}`).toEqual([]);
        expect(node['additionalProperties'], `${name}${path}`).not.toBe(false);
      }
      for (const ref of JSON.stringify(root).match(/#\/\$defs\/[A-Za-z0-9_]+/g) ?? []) {
        expect((root['$defs'] as Record<string, unknown>)[ref.slice(8)], `${name} ${ref}`).toBeDefined();
      }
    }
  });

  it('keep what inputs tell a model: descriptions, limits, defaults, enums and which fields are required', () => {
    const createCustomer = assistantContracts.find((c) => c.name === 'create_customer');
    const schema = inputJsonSchema(createCustomer?.input ?? z.never());
    expect(schema).toMatchObject({
      type: 'object',
      required: ['name', 'email'],
      additionalProperties: false,
      properties: { name: { type: 'string' } },
    });
    const listDocuments = assistantContracts.find((c) => c.name === 'list_documents');
    expect(inputJsonSchema(listDocuments?.input ?? z.never())['properties']).toMatchObject({
      limit: { default: 100, type: 'integer', minimum: 1, maximum: 1000 },
      sort: { enum: ['path', 'name', 'modified', 'size'] },
    });
  });
});
