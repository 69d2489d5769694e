import { KNOWN_COUNTRY_CODES, RETIRED_COUNTRY_CODES } from './iso-codes.js';
import { currentCountryCode, isCountryCode } from './schemas.js';

/** Every current ISO 3166 country code that CLDR names (as CountryCode stores them), A to Z. */
export const COUNTRY_CODES: readonly string[] = [...KNOWN_COUNTRY_CODES].filter(
  (code) => !RETIRED_COUNTRY_CODES.has(code),
);

/** Spellings that exports use and CLDR's English names do not give. */
const OTHER_NAMES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'south korea': 'KR',
  'republic of korea': 'KR',
  russia: 'RU',
  'czech republic': 'CZ',
  holland: 'NL',
};

let byName: Map<string, string> | undefined;

/**
 * The country code a cell of an export means: a code (`us`, `DE`) or a country's English name (HubSpot's
 * "Country/Region" holds "United States"). Undefined when it is neither, so the import can say so.
 */
export function countryCodeOf(text: string): string | undefined {
  const given = text.trim();
  if (given === '') return undefined;
  if (/^[A-Za-z]{2}$/.test(given) && isCountryCode(given.toUpperCase())) return currentCountryCode(given.toUpperCase());
  if (!byName) {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    byName = new Map(Object.entries(OTHER_NAMES));
    for (const code of COUNTRY_CODES) {
      const name = names.of(code);
      if (name) byName.set(fold(name), code);
    }
  }
  return byName.get(fold(given));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
