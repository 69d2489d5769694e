import addressFormatter from '@fragaria/address-formatter';
import type { Address } from '../../shared/customers.js';

/**
 * An address as its country writes it, line by line (OpenCage's address-formatting templates, through
 * @fragaria/address-formatter): "San Francisco, CA 94103" in the US, "75002 Paris" in France, the
 * postcode on a line of its own in the UK. The country's name ends it. Line 2 (a flat, a floor) follows
 * the street, where the templates have no place for it.
 */
export function addressLines(address: Address): string[] {
  const lines = addressFormatter.format(
    {
      ...(address.line1 && { road: address.line1 }),
      ...(address.city && { city: address.city }),
      ...(address.region && { state: address.region }),
      ...(address.postal_code && { postcode: address.postal_code }),
      ...(address.country && { countryCode: address.country }),
    },
    { output: 'array', appendCountry: true },
  );
  if (address.line2) {
    const street = address.line1 ? lines.indexOf(address.line1) : -1;
    lines.splice(street + 1, 0, address.line2);
  }
  return lines;
}

/** On one line, for a table cell: "San Francisco, CA 94103, United States". */
export function addressLine(address: Address): string {
  return addressLines(address).join(', ');
}
