import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contracts } from './contracts.js';
import { DATA_KINDS } from './data-kinds.js';
import { defineContract } from './operation.js';

const base = {
  name: 'probe',
  domain: 'test',
  title: 'Probe',
  description: 'A contract for this test.',
  input: z.strictObject({}),
  output: z.object({}),
  annotations: { readOnlyHint: true },
};

describe('contracts say what they reveal', () => {
  it('cannot be defined without reveals, nor redact what they do not reveal', () => {
    // @ts-expect-error reveals is required: a new operation cannot forget to say what it shows.
    defineContract(base);
    expect(() => defineContract({ ...base, reveals: ['sales'], redacts: ['customers'] })).toThrow(
      /redacts customers, which it does not declare/,
    );
    expect(defineContract({ ...base, reveals: ['sales'] }).redacts).toEqual([]);
  });

  it('every contract declares known kinds', () => {
    for (const contract of contracts) {
      expect(
        contract.reveals.every((kind) => DATA_KINDS.includes(kind)),
        contract.name,
      ).toBe(true);
      expect(
        contract.redacts.every((kind) => contract.reveals.includes(kind)),
        contract.name,
      ).toBe(true);
    }
  });
});
