import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contracts } from './contracts.js';
import { nullAsAbsent } from './null-as-absent.js';

/** The members of an input object, through the pipe an object gets when some of them take null. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType };
  if (def.type === 'pipe' && def.in) return shapeOf(def.in);
  return def.shape ?? {};
}

const issuesOf = (result: { success: boolean; error?: z.ZodError }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.code}`).sort();

describe('null for an optional input means "not given"', () => {
  it('for every optional input of every operation, except the fields an update clears, which its description says', () => {
    for (const contract of contracts) {
      for (const [key, member] of Object.entries(shapeOf(contract.input))) {
        if (member._zod.optin === undefined) continue;
        const withNull = contract.input.safeParse({ [key]: null });
        const without = contract.input.safeParse({});
        if (withNull.success && (withNull.data as Record<string, unknown>)[key] === null) {
          expect(contract.description, `${contract.name} says what null does to ${key}`).toMatch(/null/);
          continue;
        }
        // Exactly as if the key were left out: the same issues, or the same data (defaults applied).
        expect(issuesOf(withNull), `${contract.name}.${key}`).toEqual(issuesOf(without));
        expect(withNull.data, `${contract.name}.${key}`).toEqual(without.data);
        if (withNull.success) expect(Object.keys(withNull.data as object)).toEqual(Object.keys(without.data as object));
      }
    }
    // The updates' clearable fields keep their meaning.
    const byName = new Map(contracts.map((c) => [c.name, c.input]));
    expect(byName.get('update_customer')?.parse({ customer_id: 1, phone: null, name: null })).toEqual({
      customer_id: 1,
      phone: null,
    });
    expect(byName.get('update_product')?.parse({ product_id: 'MUG', category: null, price: null })).toEqual({
      product_id: 'MUG',
      category: null,
    });
  });

  it('inside nested objects and arrays, keeping defaults, descriptions and each field’s own error', () => {
    const Item = z.strictObject({
      product_id: z.number(),
      price: z.number().positive('price must be positive').optional().describe('Ignored'),
      quantity: z.number().int().default(1),
    });
    const Input = z
      .strictObject({
        items: z.array(Item),
        info: z.strictObject({ name: z.string().optional(), email: z.string().optional() }).optional(),
        status: z.enum(['a', 'b']).default('a'),
        address: z
          .union([
            z.string(),
            z.strictObject({ line1: z.string(), country: z.string().length(2, 'two letters').optional() }),
          ])
          .optional(),
        cleared: z.string().nullable().optional(),
      })
      .refine((v) => v.info?.name !== undefined || v.info?.email !== undefined || v.info === undefined, {
        message: 'info needs a name or an email',
        path: ['info'],
      });
    const input = nullAsAbsent(Input);

    expect(
      input.parse({ items: [{ product_id: 1, price: null, quantity: null }], info: null, status: null, cleared: null }),
    ).toEqual({ items: [{ product_id: 1, quantity: 1 }], status: 'a', cleared: null });
    // The refinement sees null as absent, as it would see a key left out.
    expect(issuesOf(input.safeParse({ items: [], info: { name: null, email: null } }))).toEqual(['info: custom']);
    // A wrong value gets the member's own message, not a union's.
    const wrong = input.safeParse({ items: [{ product_id: 1, price: -1 }] });
    expect(wrong.error?.issues.map((i) => i.message)).toEqual(['price must be positive']);
    expect(issuesOf(input.safeParse({ items: [{ product_id: 1, price: 'x' }] }))).toEqual([
      'items.0.price: invalid_type',
    ]);
    // Also inside a union: the object's own message, not "invalid input".
    const address = input.safeParse({ items: [], address: { line1: 'x', country: 'USA' } });
    expect(address.error?.issues.map((i) => i.message)).toEqual(['two letters']);
    expect(input.parse({ items: [], address: { line1: 'x', country: null } })).toMatchObject({
      address: { line1: 'x' },
    });
    // Unknown keys are still refused.
    expect(issuesOf(input.safeParse({ items: [], colour: null }))).toEqual([': unrecognized_keys']);

    const json = z.toJSONSchema(input, { io: 'input' }) as {
      properties: Record<string, { anyOf?: unknown[]; type?: unknown; default?: unknown }>;
      required: string[];
    };
    expect(json.required).toEqual(['items']);
    expect(json.properties['status']).toMatchObject({ default: 'a' });
    expect(JSON.stringify(json.properties['status'])).toContain('"null"');
    const item = (json.properties['items'] as unknown as { items: { properties: Record<string, unknown> } }).items;
    expect(item.properties['price']).toMatchObject({ description: 'Ignored' });
    expect(JSON.stringify(item.properties['price'])).toContain('"null"');
    // A schema without optional members is returned as it is.
    const plain = z.strictObject({ a: z.string() });
    expect(nullAsAbsent(plain)).toBe(plain);
  });
});
