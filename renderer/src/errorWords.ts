import { contracts } from '../../shared/contracts.js';
import type { ErrorCode, ErrorIssue } from '../../shared/errors.js';

/**
 * The person's words for what went wrong. The server's messages are written for an assistant: they
 * name fields as the tools spell them ("line1 cannot be empty", "postal_code is at most 20
 * characters") and point to other tools ("read it again with get_customer"). The UI says the same
 * thing with the form's own labels, keyed by the error's code and the issue's field, and never shows
 * an operation name or a field path.
 */

/** A form's labels by field path, where they differ from (or are missing in) FIELD_WORDS. */
export type FieldLabels = Readonly<Record<string, string>>;

/** Field paths as the server spells them (numbers as `*`), in the words the app's forms use. */
const FIELD_WORDS: FieldLabels = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  'address.line1': 'Street',
  'address.line2': 'Street, second line',
  'address.city': 'City',
  'address.region': 'State or region',
  'address.postal_code': 'Postal code',
  'address.country': 'Country',
  status: 'Status',
  tags: 'Tags',
  'tags.*': 'Each tag',
  notes: 'Notes',
  sku: 'SKU',
  description: 'Description',
  category: 'Category',
  price: 'Price',
  currency: 'Currency',
  weight_kg: 'Weight',
  initial_stock: 'Stock on hand',
  quantity: 'Quantity',
  set_on_hand: 'Stock on hand',
  reason: 'Reason',
  customer_id: 'Customer',
  product_id: 'Product',
  order_id: 'Order',
  items: 'Items',
  'items.*': 'An item',
  'items.*.product_id': 'Product',
  'items.*.quantity': 'Quantity',
  'items.*.order_item_id': 'Item',
  amount: 'Amount',
  payment_method: 'Payment method',
  transaction_id: 'Payment reference',
  customer_info: 'The payer',
  idempotency_key: 'Payment',
  restock: 'Restock',
  carrier: 'Carrier',
  tracking_number: 'Tracking number',
  shipment_id: 'Shipment',
  shipping_service: 'Shipping service',
  shipping_amount: 'Shipping cost',
  shipping_address: 'Shipping address',
  destination: 'Destination',
  service: 'Shipping service',
  notes_for_customer: 'Note',
  default_country: 'Default country',
  tax_rate_bps: 'Tax rate',
  time_zone: 'Time zone',
  metadata: 'Details',
  'metadata.title': 'Title',
  'metadata.tags': 'Tags',
  'metadata.tags.*': 'Each tag',
  'metadata.custom': 'Custom fields',
  'metadata.custom.*': 'A custom field',
  document_id: 'Document',
  new_path: 'New path',
  content: 'File',
  comment: 'Comment',
  url: 'Web page',
  interval: 'How often',
  webhook_url: 'Notification address',
  selectors: 'What to take from the page',
  ignore_selectors: 'Parts of the page to leave out',
  ignore_patterns: 'Text to leave out',
  days: 'Days to keep entries',
  max_rows: 'Entries to keep',
  max_age_days: 'Days to keep versions',
  max_size_mb: 'Space for versions (MB)',
  interval_hours: 'How often',
  keep: 'Number of backups to keep',
  path: 'Folder',
  max_concurrent_per_site: 'Pages at a time per site',
  delay_ms: 'Pause between pages',
  allowed_private_hosts: 'Local network addresses',
  concurrency_per_host: 'Pages at a time per site',
  discount_amount: 'Amount off',
  discount_percent: 'Percent off',
  'business.tax_id': 'Tax number',
  'rates.*.value_percent': 'Percent of the value',
  'rates.*.per_kg': 'Price per kg',
  'rates.*.base': 'Base price',
  'rates.*.label': 'Service name',
  folder: 'Folder',
};

/** What an error of each code means to a person, when its own message speaks to an assistant. */
const CODE_WORDS: Readonly<Record<ErrorCode, string>> = {
  invalid_input: 'Something in what you entered is not right; check the fields and try again.',
  not_found: 'This is no longer there; it may have been deleted or moved. Reload to see what is there now.',
  conflict: 'This clashes with what is already stored, or it was changed meanwhile. Reload and try again.',
  forbidden: 'Officina does not allow this here.',
  external: 'Another service did not answer as expected. Try again in a moment.',
  io_error: 'Officina could not write to the disk; nothing was changed. Check the disk and try again.',
  internal: "Something went wrong inside Officina; nothing was changed. The details are in Officina's log.",
};

const STALE =
  'Someone else changed this while you had it open. Close it and open it again to see their change, then make yours.';

const OPERATION_NAMES: ReadonlySet<string> = new Set(contracts.map((c) => c.name));

/** Words the person should never read: an operation name, a field as a tool spells it, schema talk. */
const TECHNICAL = [
  /\b[A-Za-z][a-z0-9]*_[a-z0-9_]+\b/, // snake_case: an operation or a field as the tools name it
  /\b(address|items|metadata|tags|custom|selectors|steps)\.[a-z0-9_*]+/, // a field path
  /\bline[12]\b/,
  /\b[a-z]+: (true|false|null)\b/, // a parameter's value, as a tool call spells it
  /\b(Invalid input|expected (a |an )?(number|string|boolean|object|array|int\w*)|received \w+|undefined|NaN|ISO \d+|enum|schema|regex)\b/i,
];

/** Whether a sentence still speaks an assistant's language (for the sweep test as much as for the fallbacks). */
export function soundsTechnical(text: string): boolean {
  return TECHNICAL.some((pattern) => pattern.test(text));
}

/** `items.2.quantity` → `items.*.quantity`, the key FIELD_WORDS uses. */
function patternOf(path: string): string {
  return path
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}

/** The label of the field at `path`, as the form shows it. */
export function fieldWords(path: string, labels: FieldLabels = {}): string {
  const pattern = patternOf(path);
  const known = labels[pattern] ?? labels[path] ?? FIELD_WORDS[pattern];
  if (known) return known;
  // A part of a larger field (tags.3, metadata.custom.client): the larger field's label.
  const segments = pattern.split('.');
  for (let end = segments.length - 1; end > 0; end--) {
    const parent = segments.slice(0, end).join('.');
    const label = labels[parent] ?? FIELD_WORDS[parent];
    if (label) return label;
  }
  const last = [...segments].reverse().find((s) => s !== '*') ?? '';
  const words = last.replace(/_(id|bps|kg|mb|ms)$/, '').replaceAll('_', ' ');
  return words === '' ? 'This' : words.charAt(0).toUpperCase() + words.slice(1);
}

const lower = (label: string) => (/^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);
const count = (text: string) => text.replace(/,/g, '');

/** Sentences for the problems the schemas and services describe, by what the message says. */
const RULES: [RegExp, (label: string, match: RegExpExecArray) => string][] = [
  [/^Stale version$/i, () => STALE],
  [/^Exists$/, (label) => `${label}: something is already there with this name; choose another.`],
  [
    /^Private address$/,
    (label) =>
      `${label} is on this computer or the local network, which Officina reads only when you allow it in Settings → Scraper.`,
  ],
  [/already exists|already (taken|used|there)/i, (label) => `${label}: another record already has this.`],
  [
    /(cannot be empty|is empty|^Required( without \S+)?$|expected \w+, received undefined|No words|at least 1 characters?\b|expected string to have >=?1 characters)/i,
    (label) => `${label} cannot be empty.`,
  ],
  [
    /(?:is|are) at most ([\d,]+) characters|expected string to have <=?([\d,]+) characters/,
    (label, m) => `${label} can be at most ${count(m[1] ?? m[2] ?? '')} characters long.`,
  ],
  [
    /expected string to have >=?([\d,]+) characters/,
    (label, m) => `${label} needs at least ${count(m[1] ?? '')} characters.`,
  ],
  [
    /at most ([\d,]+) (tags|items|entries|values|selectors|patterns|hosts)|expected array to have <=?([\d,]+) items/,
    (label, m) => `${label}: at most ${count(m[1] ?? m[3] ?? '')} are allowed.`,
  ],
  [/expected (?:array|set) to have >=?([\d,]+) items/, (label, m) => `${label}: give at least ${count(m[1] ?? '')}.`],
  [
    /expected int\b|Expected an integer|^\S+ (?:must be|is) a whole number(?: of (hours|seconds|units))?\.?$/,
    (label, m) => `${label} must be a whole number${m[1] ? ` of ${m[1]}` : ''}.`,
  ],
  // "keep is at most 3650 (ten years); use null to keep …": the form turns the limit off instead of null.
  [
    /^(?:\S+ )?(?:is |are )?at most ([\d.,]+)(?! characters)( \([^)]*\))?(?:[.;] [Uu]se null (to [^.;]+|for no limit))?/,
    (label, m) =>
      `${label} can be at most ${m[1] ?? ''}${m[2] ?? ''}.` +
      (m[3] ? ` Turn the limit off ${m[3] === 'for no limit' ? 'for none' : m[3]}.` : ''),
  ],
  [
    /^(?:\S+ )?(?:is |are )?at least ([\d.,]+)(?! characters)/,
    (label, m) => `${label} must be at least ${m[1] ?? ''}.`,
  ],
  [/^Expected an amount/, (label) => `${label} must be a number, like 19.99.`],
  [
    /expected number to be >0\b|must be (more than|above|greater than) (0|zero)|positive/i,
    (label) => `${label} must be more than 0.`,
  ],
  [/expected number to be >=?(-?[\d.,]+)/, (label, m) => `${label} must be at least ${m[1] ?? ''}.`],
  [/expected number to be <=?(-?[\d.,]+)/, (label, m) => `${label} can be at most ${m[1] ?? ''}.`],
  [/expected number, received/, (label) => `${label} must be a number.`],
  [/Invalid email|email address/i, (label) => `${label} is not an email address, like name@example.com.`],
  [/ISO 3166|country code/i, (label) => `${label}: choose a country from the list.`],
  [/ISO 4217|currency code/i, (label) => `${label} must be a currency code, like USD, EUR or JPY.`],
  [
    /Invalid URL|URL must|http\(s\)|not a web address|^Not a URL$/i,
    (label) => `${label} must be a web address, like https://example.com.`,
  ],
  [
    /Invalid option|must be "|must be one of|expected one of|^Unknown service$/i,
    (label) => `${label}: choose one of the offered values.`,
  ],
  [/^Unknown field/, (label) => `${label} cannot be changed here.`],
  [/^No such \w+|^Not in the trash|^Record gone/, (label) => `${label} is no longer there; it may have been deleted.`],
  [
    /^(Invalid input: )?expected (number|string|boolean|object|array)/i,
    (label) => `${label} is not in a form Officina understands; check it.`,
  ],
];

/** Rewrites field keys the message names into the form's labels; drops sentences that point to tools. */
function rewrite(message: string, path: string, labels: FieldLabels): string {
  const key =
    patternOf(path)
      .split('.')
      .filter((s) => s !== '*')
      .at(-1) ?? '';
  let text = message.trim();
  if (path !== '' && text.startsWith(`${path}: `)) text = text.slice(path.length + 2);
  if (key !== '' && new RegExp(`^${key}\\b`).test(text)) text = fieldWords(path, labels) + text.slice(key.length);
  // null is how a tool turns a limit off; the forms have a switch for it.
  text = text
    .replace(/\b([Uu])se null for no limit\b/g, (_, u: string) => `${u === 'U' ? 'T' : 't'}urn the limit off for none`)
    .replace(/\b([Uu])se null to\b/g, (_, u: string) => `${u === 'U' ? 'T' : 't'}urn the limit off to`);
  // A field as the tools spell it, in the form's words; an operation's name is left for the filter below.
  text = text.replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bline[12]\b/g, (word, offset: number) => {
    if (OPERATION_NAMES.has(word)) return word;
    const label = fieldWords(word, labels);
    return offset === 0 ? label : lower(label);
  });
  return sentencesOf(text)
    .filter((sentence) => !soundsTechnical(sentence))
    .join(' ');
}

function sentencesOf(text: string): string[] {
  // A sentence ends where the next begins with a capital: "not valid! in the vault" is one sentence.
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => finish(s));
}

function finish(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Fields the server measures in other units than the form (basis points, not percent): any problem, one sentence. */
const FIELD_SENTENCES: Readonly<Record<string, string>> = {
  tax_rate_bps: 'Tax rate must be a percentage from 0 to 100, with at most two decimals.',
  expected_version: STALE,
};

/** One problem with one field, as a sentence that names the field the way the form labels it. */
export function issueSentence(issue: ErrorIssue, labels: FieldLabels = {}): string {
  const label = issue.path === '' ? 'This' : fieldWords(issue.path, labels);
  const fixed = FIELD_SENTENCES[patternOf(issue.path)];
  if (fixed) return fixed;
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(issue.message);
    if (match) return finish(say(label, match));
  }
  const rewritten = rewrite(issue.message, issue.path, labels);
  if (rewritten !== '') return rewritten;
  return issue.path === '' ? CODE_WORDS.invalid_input : `${label}: check this value; Officina could not take it.`;
}

interface DescribedError {
  code: ErrorCode;
  message: string;
  issues?: readonly ErrorIssue[] | undefined;
}

function isDescribed(error: unknown): error is DescribedError {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code in CODE_WORDS;
}

/** The error's message in the person's words: its own sentences where they speak to a person. */
export function messageSentence(code: ErrorCode, message: string, labels: FieldLabels = {}): string {
  if (/changed (by someone else )?since you (loaded|read) it/i.test(message)) return STALE;
  // The catalogue's summary of an input error: "Invalid input for <operation>: <path>: <message>; …".
  const summary = /^Invalid input for [a-z_]+: (.*)$/s.exec(message)?.[1];
  if (summary !== undefined) {
    const issues = summary.split('; ').map((part) => {
      const [, path, text] = /^([a-z0-9_.]+): (.*)$/s.exec(part) ?? [];
      return path !== undefined && text !== undefined ? { path, message: text } : { path: '', message: part };
    });
    return [...new Set(issues.map((issue) => issueSentence(issue, labels)))].join(' ');
  }
  const rewritten = rewrite(message, '', labels);
  return rewritten !== '' ? rewritten : CODE_WORDS[code];
}

/**
 * What went wrong, as one text for a toast or an alert: an input error by its fields' sentences, any
 * other by its message in the person's words, or what its code means.
 */
export function errorSentence(error: unknown, labels: FieldLabels = {}): string {
  if (!isDescribed(error)) return error instanceof Error ? error.message : String(error);
  const issues = error.issues ?? [];
  if (error.code === 'invalid_input' && issues.length > 0) {
    const sentences = [...new Set(issues.map((issue) => issueSentence(issue, labels)))];
    const more = sentences.length - 3;
    return [...sentences.slice(0, 3), ...(more > 0 ? [`And ${more} more.`] : [])].join(' ');
  }
  return messageSentence(error.code, error.message, labels);
}
