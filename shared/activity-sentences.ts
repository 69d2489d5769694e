import type { ActivityEntry } from './activity.js';

/**
 * The activity log in a person's words: "Claude deleted customer Bad Phone Co". Pure, so the app and
 * tests share it; operations without a phrase of their own read from their name ("adjust inventory").
 */

/** [what was done, what was tried]: "deleted customer" / "delete customer". */
const PHRASES: Readonly<Record<string, readonly [string, string]>> = {
  create_customer: ['added customer', 'add customer'],
  update_customer: ['changed customer', 'change customer'],
  delete_customer: ['deleted customer', 'delete customer'],
  restore_customer: ['restored customer', 'restore customer'],
  get_customer: ['looked at customer', 'look at customer'],
  list_customers: ['looked through the customers', 'look through the customers'],
  create_product: ['added product', 'add product'],
  update_product: ['changed product', 'change product'],
  delete_product: ['deleted product', 'delete product'],
  restore_product: ['restored product', 'restore product'],
  get_product_details: ['looked at product', 'look at product'],
  search_products: ['searched the products', 'search the products'],
  check_inventory: ['checked the stock of', 'check the stock of'],
  adjust_inventory: ['adjusted the stock of', 'adjust the stock of'],
  reserve_inventory: ['held stock of', 'hold stock of'],
  create_order: ['created order', 'create an order'],
  get_order: ['looked at order', 'look at order'],
  list_orders: ['looked through the orders', 'look through the orders'],
  update_order_status: ['changed the status of order', 'change the status of order'],
  set_order_discount: ['changed the discount of order', 'change the discount of order'],
  render_order_document: ['made a PDF of order', 'make a PDF of order'],
  process_payment: ['recorded a payment', 'record a payment'],
  refund_payment: ['refunded payment', 'refund payment'],
  create_shipment: ['created a shipment', 'create a shipment'],
  upload_document: ['uploaded document', 'upload document'],
  read_document: ['read document', 'read document'],
  download_document: ['downloaded document', 'download document'],
  delete_document: ['deleted document', 'delete document'],
  restore_deleted_document: ['restored document', 'restore document'],
  update_document_metadata: ['changed the details of document', 'change the details of document'],
  move_document: ['moved document', 'move document'],
  search_documents: ['searched the documents', 'search the documents'],
  list_documents: ['looked through the documents', 'look through the documents'],
  publish_document: ['published document', 'publish document'],
  import_csv: ['imported a file', 'import a file'],
  export_csv: ['exported a file', 'export a file'],
  undo_activity: ['undid a change to', 'undo a change to'],
  purge_from_trash: ['deleted for good', 'delete for good'],
  list_activity: ['read the activity log', 'read the activity log'],
  update_settings: ['changed the business settings', 'change the business settings'],
  update_assistant_permissions: ['changed what assistants may do', 'change what assistants may do'],
  rotate_mcp_token: ['replaced the assistant’s access token', 'replace the assistant’s access token'],
  add_allowed_folder: ['allowed a folder', 'allow a folder'],
  remove_allowed_folder: ['removed an allowed folder', 'remove an allowed folder'],
  update_activity_retention: ['changed how long activity is kept', 'change how long activity is kept'],
  scrape_website: ['read a web page', 'read a web page'],
  create_monitor: ['started watching a page', 'start watching a page'],
};

export const ENTITY_LABELS: Readonly<Record<string, { one: string; many: string }>> = {
  customer: { one: 'customer', many: 'Customers' },
  product: { one: 'product', many: 'Products' },
  order: { one: 'order', many: 'Orders' },
  payment: { one: 'payment', many: 'Payments' },
  shipment: { one: 'shipment', many: 'Shipments' },
  document: { one: 'document', many: 'Documents' },
  monitor: { one: 'page monitor', many: 'Page monitors' },
  workflow: { one: 'workflow', many: 'Workflows' },
};

type Described = Pick<ActivityEntry, 'caller_kind' | 'caller' | 'operation' | 'outcome' | 'subject'>;

/** Who did it: "You" for the person's app, "Claude" for Claude's clients, a workflow by its name. */
export function actorOf(entry: Pick<ActivityEntry, 'caller_kind' | 'caller'>): string {
  switch (entry.caller_kind) {
    case 'ui':
      return 'You';
    case 'mcp':
      return /claude/i.test(entry.caller) ? 'Claude' : entry.caller;
    case 'workflow':
      return `Workflow “${entry.caller}”`;
    case 'cli':
      return 'The command line';
    case 'system':
      return 'Officina';
  }
}

function humanize(operation: string): string {
  return operation.replaceAll('_', ' ');
}

/** "Claude deleted customer Bad Phone Co"; "Claude tried to delete customer Acme" when it failed. */
export function describeActivity(entry: Described): string {
  const actor = actorOf(entry);
  const [done, tried] = PHRASES[entry.operation] ?? [`ran “${humanize(entry.operation)}”`, humanize(entry.operation)];
  const phrase = entry.outcome === 'ok' ? done : `tried to ${tried}`;
  const subject = entry.subject;
  if (!subject) return `${actor} ${phrase}`;
  const name = subject.name ?? `#${subject.id}`;
  const label = ENTITY_LABELS[subject.entity]?.one ?? subject.entity;
  // A phrase that names its kind of record ("deleted customer") takes the name; others take both.
  const named = phrase.endsWith(label) || phrase.endsWith(' of') || phrase.endsWith(' to') || phrase.endsWith('good');
  if (named && !phrase.endsWith(label) && !phrase.includes(label)) return `${actor} ${phrase} ${label} ${name}`;
  return named ? `${actor} ${phrase} ${name}` : `${actor} ${phrase} (${label} ${name})`;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  status: 'Status',
  tags: 'Tags',
  notes: 'Notes',
  sku: 'SKU',
  description: 'Description',
  category: 'Category',
  price: 'Price',
  currency: 'Currency',
  weight_kg: 'Weight (kg)',
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.charAt(0).toUpperCase() + field.slice(1).replaceAll('_', ' ');
}

/** A changed value as a person reads it: "—" for none, lists joined, an address on one line. */
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => formatChangeValue(v)).join(', ');
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .filter((v) => v !== null && v !== undefined && v !== '')
      .map(String)
      .join(', ');
  }
  return String(value);
}
