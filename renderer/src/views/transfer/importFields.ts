import type { IMPORTABLE } from '../../../../shared/transfer.js';

export type ImportEntity = (typeof IMPORTABLE)[number];

/** What each field of an import is called in the app. */
export const FIELD_LABELS: Record<ImportEntity, Record<string, string>> = {
  customers: {
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    status: 'Status (active or inactive)',
    tags: 'Tags',
    notes: 'Notes',
    address_line1: 'Street',
    address_line2: 'Street, second line',
    city: 'City',
    region: 'State or region',
    postal_code: 'Postal code',
    country: 'Country',
  },
  products: {
    sku: 'SKU',
    name: 'Name',
    description: 'Description',
    description_html: 'Description (HTML)',
    category: 'Category',
    price: 'Price',
    currency: 'Currency',
    weight_kg: 'Weight (kg)',
    weight_grams: 'Weight (grams)',
    tags: 'Tags',
    stock: 'Stock on hand',
    handle: 'Product handle (groups variants)',
    variant: 'Variant name',
  },
  orders: {
    order_ref: 'Order number (groups its lines)',
    email: 'Customer email',
    sku: 'Product SKU',
    quantity: 'Quantity',
    price: 'Price in the file',
    item_name: 'Product name in the file',
    shipping: 'Shipping charged',
    notes: 'Order notes',
  },
};

export const REQUIRED_FIELDS: Record<ImportEntity, string[]> = {
  customers: ['name', 'email'],
  products: ['sku', 'name', 'price'],
  orders: ['email', 'sku', 'quantity'],
};

export function fieldLabel(entity: ImportEntity, field: string | null): string {
  if (field === null) return 'Row';
  if (field === 'header') return 'Columns';
  return FIELD_LABELS[entity][field] ?? field;
}

/**
 * A row's problem as the person reads it. The server's messages name fields the way an assistant
 * calls them ("name cannot be empty", "Invalid input: expected string, received undefined"); the
 * dialog shows the field's label beside a plain message instead.
 */
export function problemMessage(entity: ImportEntity, field: string | null, message: string): string {
  const label = fieldLabel(entity, field);
  if (/is empty in this row|expected \w+, received undefined|cannot be empty/i.test(message))
    return `${label} is missing`;
  if (/^Invalid email|email address/i.test(message) && field === 'email') return 'This is not an email address';
  if (/already exists/i.test(message)) return message.replace(/^Customer with email /, 'A customer with the email ');
  if (/ISO 3166/.test(message)) return 'Not a country we know; use its name (Germany) or code (DE)';
  if (/ISO 4217/.test(message)) return 'Not a currency code; use one like USD, EUR or JPY';
  if (/^Customer \d+ is inactive/.test(message)) return 'This customer is inactive; make them active again first';
  if (/^No product has the SKU/.test(message))
    return message.replace(/; add it to the catalog first$/, ': add it to Products first');
  if (/^has (\d+) fields; the header has (\d+)/.test(message)) {
    const [, got, want] = /^has (\d+) fields; the header has (\d+)/.exec(message) ?? [];
    return `This row has ${got} cells; the file's first row has ${want}`;
  }
  if (/^No column gives/.test(message)) {
    const needed = REQUIRED_FIELDS[entity].map((f) => FIELD_LABELS[entity][f]).join(', ');
    return `Choose which columns hold the ${needed} (these are needed)`;
  }
  // Field names as the server spells them, in the app's words.
  return Object.entries(FIELD_LABELS[entity]).reduce(
    (text, [name, fieldName]) => text.replace(new RegExp(`\\b${name}\\b`, 'g'), fieldName.toLowerCase()),
    message,
  );
}
