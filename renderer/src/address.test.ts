import { describe, expect, it } from 'vitest';
import { addressLines } from './address.js';

describe('addresses in their country’s format', () => {
  it('writes a US address with the state code and ZIP after the city', () => {
    expect(
      addressLines({
        line1: '1 Market St',
        line2: 'Suite 400',
        city: 'San Francisco',
        region: 'CA',
        postal_code: '94103',
        country: 'US',
      }),
    ).toEqual(['1 Market St', 'Suite 400', 'San Francisco, CA 94103', 'United States of America']);
  });

  it('puts the postal code before the city in Germany, and keeps a city without a street', () => {
    expect(addressLines({ line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' })).toEqual([
      'Unter den Linden 1',
      '10117 Berlin',
      'Germany',
    ]);
    expect(addressLines({ city: 'Lyon', country: 'FR' })).toEqual(['Lyon', 'France']);
  });
});
