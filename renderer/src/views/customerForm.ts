import type { InputOf } from '../../../shared/contracts.js';
import type { Address, Customer } from '../../../shared/customers.js';
import type { ErrorIssue } from '../../../shared/errors.js';

/** What the customer form edits: strings as typed, so that clearing a field can be told from leaving it. */
export interface CustomerFormValues {
  name: string;
  email: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  status: 'active' | 'inactive';
  tags: string[];
  notes: string;
}

export type CustomerField = keyof CustomerFormValues;

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postal_code', 'country'] as const;

/**
 * The form's values for a customer, or empty for a new one. A customer without an address starts with
 * `defaultCountry` (Settings) in the country field; that country alone is not an address (see addressOf).
 */
export function formValues(customer: Customer | null, defaultCountry = ''): CustomerFormValues {
  const address = customer?.address;
  return {
    name: customer?.name ?? '',
    email: customer?.email ?? '',
    phone: customer?.phone ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    region: address?.region ?? '',
    postal_code: address?.postal_code ?? '',
    country: address ? (address.country ?? '') : defaultCountry,
    status: customer?.status ?? 'active',
    tags: customer?.tags ?? [],
    notes: customer?.notes ?? '',
  };
}

/**
 * The address as the server takes it (its filled fields: a city and country are an address), or null
 * when no field is filled. The country the form started with for a customer without an address
 * (`prefilled`) is not an address by itself, so opening and saving the form adds none.
 */
function addressOf(values: CustomerFormValues, prefilled = ''): Address | null {
  const address: Address = {};
  for (const field of ADDRESS_FIELDS) {
    const value = values[field].trim();
    if (value !== '') address[field] = value;
  }
  const parts = Object.keys(address);
  if (parts.length === 0) return null;
  if (parts.length === 1 && prefilled !== '' && address.country === prefilled) return null;
  return address;
}

function sameAddress(a: Address | null, b: Address | null): boolean {
  if (a === null || b === null) return a === b;
  return ADDRESS_FIELDS.every((field) => (a[field] ?? '') === (b[field] ?? ''));
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

export function createInput(values: CustomerFormValues, defaultCountry = ''): InputOf<'create_customer'> {
  const address = addressOf(values, defaultCountry);
  return {
    name: values.name.trim(),
    email: values.email.trim(),
    status: values.status,
    ...(values.phone.trim() !== '' && { phone: values.phone.trim() }),
    ...(address !== null && { address }),
    ...(values.tags.length > 0 && { tags: values.tags }),
    ...(values.notes.trim() !== '' && { notes: values.notes }),
  };
}

/**
 * Only the fields the person changed, so the activity log shows what they did; a cleared optional
 * field is sent as null. Undefined when nothing changed.
 */
export function updateInput(
  customer: Customer,
  values: CustomerFormValues,
  defaultCountry = '',
): InputOf<'update_customer'> | undefined {
  const changes: Partial<InputOf<'update_customer'>> = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const phone = values.phone.trim();
  const address = addressOf(values, customer.address ? '' : defaultCountry);
  if (name !== customer.name) changes.name = name;
  if (email !== customer.email) changes.email = email;
  if (phone !== (customer.phone ?? '')) changes.phone = phone === '' ? null : phone;
  if (!sameAddress(address, customer.address)) changes.address = address;
  if (values.status !== customer.status) changes.status = values.status;
  if (!sameTags(values.tags, customer.tags)) changes.tags = values.tags.length > 0 ? values.tags : null;
  if (values.notes !== (customer.notes ?? '')) changes.notes = values.notes.trim() === '' ? null : values.notes;
  if (Object.keys(changes).length === 0) return undefined;
  return { ...changes, customer_id: customer.id, expected_version: customer.version };
}

/** Where the server's issue belongs in the form: `address.country` → country, `tags.2` → tags. */
export function fieldOfIssue(issue: ErrorIssue): CustomerField | undefined {
  const [head, next] = issue.path.split('.');
  if (head === 'address') {
    const field = ADDRESS_FIELDS.find((f) => f === next);
    return field ?? 'city';
  }
  const direct: CustomerField[] = ['name', 'email', 'phone', 'status', 'tags', 'notes'];
  return direct.find((f) => f === head);
}
