import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, CURRENCY_DECIMALS, KNOWN_COUNTRY_CODES, RETIRED_COUNTRY_CODES } from './iso-codes.js';

// The lists stand in for Intl's answers (so that checks do not load ICU): they must stay its answers.
describe('the fixed country and currency lists', () => {
  it('hold the region codes CLDR names, less groupings and user-assigned codes', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const notCountries = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;
    const named: string[] = [];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (!notCountries.test(code) && names.of(code) !== undefined) named.push(code);
      }
    }
    expect([...KNOWN_COUNTRY_CODES]).toEqual(named);
    expect(KNOWN_COUNTRY_CODES.has('XK')).toBe(true);
    expect(KNOWN_COUNTRY_CODES.has('EU')).toBe(false);
    const retired = named
      .map((code) => [code, Intl.getCanonicalLocales(`und-${code}`)[0]!.slice(4)] as const)
      .filter(([code, now]) => code !== now);
    expect([...RETIRED_COUNTRY_CODES]).toEqual(retired);
  });

  it('hold the currencies Intl supports, with the decimals its currency format uses', () => {
    const supported = Intl.supportedValuesOf('currency');
    expect([...CURRENCY_CODES]).toEqual(supported);
    for (const currency of supported) {
      const decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits;
      expect({ currency, decimals: CURRENCY_DECIMALS.get(currency) ?? 2 }).toEqual({ currency, decimals });
    }
  });
});
