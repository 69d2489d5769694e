import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryCodeOf } from './countries.js';
import { CountryCode } from './schemas.js';

describe('countries', () => {
  it('lists each country once: no retired code beside the current one (DD and DE are both "Germany")', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const byName = new Map<string, string[]>();
    for (const code of COUNTRY_CODES) byName.set(names.of(code)!, [...(byName.get(names.of(code)!) ?? []), code]);
    expect([...byName.entries()].filter(([, codes]) => codes.length > 1)).toEqual([]);
    expect(COUNTRY_CODES).toContain('DE');
    expect(COUNTRY_CODES).not.toContain('DD');
    expect(COUNTRY_CODES).not.toContain('UK');
  });

  it('reads a country’s name or code in an export as its current code', () => {
    expect(countryCodeOf('France')).toBe('FR');
    expect(countryCodeOf('United Kingdom')).toBe('GB');
    expect(countryCodeOf('Russia')).toBe('RU');
    expect(countryCodeOf('Serbia')).toBe('RS');
    expect(countryCodeOf('Vietnam')).toBe('VN');
    expect(countryCodeOf('Congo - Kinshasa')).toBe('CD');
    expect(countryCodeOf('uk')).toBe('GB');
    expect(countryCodeOf('Narnia')).toBeUndefined();
  });

  it('stores a retired code as the country’s current one', () => {
    expect(CountryCode.parse(' uk ')).toBe('GB');
    expect(CountryCode.parse('FX')).toBe('FR');
    expect(CountryCode.parse('de')).toBe('DE');
    expect(CountryCode.safeParse('ZZ').success).toBe(false);
    expect(CountryCode.safeParse('Germany').success).toBe(false);
  });
});
