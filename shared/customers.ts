import { z } from 'zod';
import { PERSON_ONLY, defineContract } from './operation.js';
import { CountryCode, Cursor, Email, Id, IdLike, Limit, Offset, Timestamp, listOf } from './schemas.js';

export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export const CustomerStatus = z.enum(CUSTOMER_STATUSES, { error: 'status must be "active" or "inactive"' });

const line = (label: string, max = 200) => z.string().trim().max(max, `${label} is at most ${max} characters`);

export const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postal_code', 'country'] as const;

/**
 * Every part is optional: many shops know a customer's city and country and no street (a market stall, a
 * phone order), and that is an address worth keeping. As given (AddressInput) it needs one part at least.
 */
export const Address = z.strictObject({
  line1: line('line1').optional(),
  line2: line('line2').optional(),
  city: line('city', 100).optional(),
  region: line('region', 100).optional(),
  postal_code: line('postal_code', 20).optional(),
  country: CountryCode.optional(),
});
export type Address = z.infer<typeof Address>;

/** The seed passes the address as one string: it is taken as line 1. */
export const AddressInput = z
  .union([
    line('address', 200)
      .min(1, 'address cannot be empty')
      .transform((line1) => ({ line1 })),
    // A refinement, not a transform, inside the union: zod then reports the branch's own issues
    // (address.country) rather than "invalid input".
    Address.refine(
      (address) => Object.keys(withoutBlankParts(address)).length > 0,
      'an address needs at least one part, such as a city or a country',
    ),
  ])
  .transform(withoutBlankParts)
  .describe('Any parts of an address (a city and country are enough), or one line');

/** The parts that say something: a part left blank is a part not given. */
function withoutBlankParts(address: Address): Address {
  const kept: Address = {};
  for (const part of ADDRESS_PARTS) if (address[part]) kept[part] = address[part];
  return kept;
}

export const CustomerName = line('name').min(1, 'name cannot be empty');
export const Phone = z
  .string()
  .trim()
  .max(40, 'phone is at most 40 characters')
  .refine((v) => (v.match(/\d/g) ?? []).length >= 3, 'phone must contain a phone number')
  .refine((v) => /^[0-9+()\-.\s/xXextEXT#*]+$/.test(v), 'phone may contain only digits, spaces and + ( ) - . / #');
export const Tag = z.string().trim().min(1, 'tags cannot be empty').max(50, 'a tag is at most 50 characters');
export const Tags = z
  .array(Tag)
  .max(50, 'at most 50 tags')
  .transform((tags) => [...new Set(tags)]);
export const Notes = z.string().max(10_000, 'notes are at most 10,000 characters');

export const Customer = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable().describe('As given'),
  phone_e164: z.string().nullable().describe('E.164 form when the phone number could be parsed'),
  address: Address.nullable(),
  status: CustomerStatus,
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  version: z.number().int().describe('Increases on every change; pass as expected_version to update safely'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Customer = z.infer<typeof Customer>;

export const createCustomer = defineContract({
  name: 'create_customer',
  domain: 'customers',
  reveals: ['customers'],
  title: 'Create customer',
  description:
    'Add a new customer to the CRM. The email must be unique (compared case-insensitively). Phone is kept ' +
    'as given and also normalised to E.164 when it parses (numbers without a country code are read in the ' +
    'settings country). Returns the customer with its id.',
  input: z.strictObject({
    name: CustomerName,
    email: Email,
    phone: Phone.optional(),
    address: AddressInput.optional(),
    status: CustomerStatus.default('active'),
    tags: Tags.optional(),
    notes: Notes.optional(),
  }),
  output: Customer,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
});

export const getCustomer = defineContract({
  name: 'get_customer',
  domain: 'customers',
  reveals: ['customers'],
  title: 'Get customer',
  description:
    'Find one customer by customer_id or by email (case-insensitive): give exactly one. Returns the full ' +
    'record, including address, tags, notes and version.',
  input: z
    .strictObject({
      customer_id: IdLike.optional(),
      email: Email.optional(),
    })
    .refine((v) => (v.customer_id === undefined) !== (v.email === undefined), {
      message: 'Give either customer_id or email',
      path: ['customer_id'],
    }),
  output: Customer,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

export const updateCustomer = defineContract({
  name: 'update_customer',
  domain: 'customers',
  reveals: ['customers'],
  title: 'Update customer',
  description:
    'Change some fields of a customer; fields left out stay as they are. null clears phone, address, notes ' +
    'or tags (for name, email or status it changes nothing). To deactivate a customer set status to ' +
    '"inactive". expected_version (from a read) refuses to overwrite a later change.',
  input: z.strictObject({
    customer_id: IdLike,
    name: CustomerName.optional(),
    email: Email.optional(),
    phone: Phone.nullable().optional(),
    address: AddressInput.nullable().optional(),
    status: CustomerStatus.optional(),
    tags: Tags.nullable().optional(),
    notes: Notes.nullable().optional(),
    expected_version: z.number().int().positive().optional(),
  }),
  output: Customer,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
});

export const CUSTOMER_SORTS = ['newest', 'oldest', 'name'] as const;

export const listCustomers = defineContract({
  name: 'list_customers',
  domain: 'customers',
  reveals: ['customers'],
  title: 'List customers',
  description:
    'List customers, newest first by default, optionally filtered by status and tag. `query` matches the ' +
    'beginnings of words in names, emails, cities and tags ("jo sm" finds "Joan Smith"), ignoring case and ' +
    'accents; a full email address matches exactly; digits ("555 0132") match phone numbers.',
  input: z.strictObject({
    status: CustomerStatus.optional(),
    query: z.string().max(200, 'query is at most 200 characters').optional(),
    tag: Tag.optional(),
    sort: z.enum(CUSTOMER_SORTS, { error: 'sort must be newest, oldest or name' }).default('newest'),
    limit: Limit(100),
    offset: Offset,
    cursor: Cursor.optional(),
    include_total: z.boolean().default(false),
  }),
  output: listOf(Customer),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

// Its refusal says a customer has "orders or other records", never which: customers only.
export const deleteCustomer = defineContract({
  name: 'delete_customer',
  domain: 'customers',
  reveals: ['customers'],
  title: 'Delete customer',
  description:
    'Move a customer to the trash: out of lists and lookups; the person can restore them from the trash. ' +
    'Refused for a customer with orders: set status "inactive" with update_customer instead.',
  input: z.strictObject({ customer_id: IdLike, expected_version: z.number().int().positive().optional() }),
  output: z.object({ id: Id, deleted: z.literal(true) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
});

export const restoreCustomer = defineContract({
  name: 'restore_customer',
  domain: 'customers',
  reveals: ['customers'],
  title: 'Restore customer',
  description:
    'Take a customer out of the trash, as they were. Refused if another customer now has their email. Returns the customer.',
  input: z.strictObject({ customer_id: IdLike }),
  output: Customer,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  // The trash is the person's (as list_trash is): what an assistant deleted, the person restores or undoes.
  faces: PERSON_ONLY,
});

// Person-only: the app's tag filter. Assistants see each customer's tags and filter with list_customers'
// tag; one more tool would only lengthen their tool list.
export const listCustomerTags = defineContract({
  name: 'list_customer_tags',
  domain: 'customers',
  reveals: ['customers'],
  title: 'List customer tags',
  description: 'The tags customers carry, most used first, with how many customers carry each (at most 500).',
  input: z.strictObject({}),
  output: z.object({
    items: z.array(z.object({ tag: z.string(), customers: z.number().int() })),
    next_cursor: z.null(),
  }),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  faces: PERSON_ONLY,
});

export const customerContracts = [
  createCustomer,
  getCustomer,
  updateCustomer,
  listCustomers,
  deleteCustomer,
  restoreCustomer,
  listCustomerTags,
] as const;
