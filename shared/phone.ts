import type { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** libphonenumber's parser, handed in: core loads the library on first use, the renderer bundles it. */
export type PhoneParser = typeof parsePhoneNumberFromString;

/**
 * What is wrong with a phone number, for a warning, or undefined when libphonenumber finds it valid.
 * A number that does not look valid is still kept as given (people have such numbers on file: an
 * extension, an old format, a number from a country they forgot to say), but never silently: the form and
 * the import say so. Numbers without a country code are read in `defaultCountry` (Settings).
 */
export function phoneWarning(phone: string, defaultCountry: string, parse: PhoneParser): string | undefined {
  const given = phone.trim();
  if (given === '') return undefined;
  const parsed = parse(given, defaultCountry as CountryCode);
  if (parsed?.isValid()) return undefined;
  if (!given.startsWith('+') && !parsed) {
    return `"${given}" does not look like a phone number; check it, or add the country code (like +44).`;
  }
  return `"${given}" does not look like a complete phone number${
    given.startsWith('+') ? '' : ` in ${regionName(defaultCountry)}`
  }; check it, or add the country code (like +44).`;
}

// Made when first needed, not at import (the first use of Intl loads ICU's locale data: see schemas.ts).
let names: Intl.DisplayNames | undefined;

function regionName(code: string): string {
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
