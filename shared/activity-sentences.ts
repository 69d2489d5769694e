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
  list_customer_tags: ['looked through the customer tags', 'look through the customer tags'],
  list_product_categories: ['looked through the product categories', 'look through the product categories'],
  list_stock_movements: ['looked at the stock movements of', 'look at the stock movements of'],
  release_reservation: ['released the stock held for', 'release the stock held for'],
  quote_order: ['priced an order', 'price an order'],
  quote_order_discount: ['priced a discount on order', 'price a discount on order'],
  get_payment: ['looked at payment', 'look at payment'],
  list_payments: ['looked through the payments', 'look through the payments'],
  calculate_shipping: ['worked out a shipping cost', 'work out a shipping cost'],
  get_shipment: ['looked at shipment', 'look at shipment'],
  update_shipment_status: ['changed the status of', 'change the status of'],
  get_shipping_rates: ['looked at the shipping rates', 'look at the shipping rates'],
  update_shipping_rates: ['changed the shipping rates', 'change the shipping rates'],
  get_customer_analytics: ['looked at the sales figures of', 'look at the sales figures of'],
  get_order_analytics: ['looked at the sales figures', 'look at the sales figures'],
  backup_data: ['backed up the data', 'back up the data'],
  list_backups: ['looked through the backups', 'look through the backups'],
  update_backup_policy: ['changed the backup schedule', 'change the backup schedule'],
  restore_backup: ['chose a backup to put back', 'choose a backup to put back'],
  cancel_restore: ['called off putting back a backup', 'call off putting back a backup'],
  preview_document: ['looked at document', 'look at document'],
  list_deleted_documents: ['looked through the deleted documents', 'look through the deleted documents'],
  list_document_versions: ['looked at the versions of', 'look at the versions of'],
  get_document_version: ['read an earlier version of', 'read an earlier version of'],
  diff_document_versions: ['compared versions of', 'compare versions of'],
  restore_document_version: ['brought back an earlier version of', 'bring back an earlier version of'],
  submit_for_review: ['sent {} for review', 'send {} for review'],
  approve_document: ['approved document', 'approve document'],
  request_changes: ['asked for changes to', 'ask for changes to'],
  archive_document: ['archived document', 'archive document'],
  get_document_reviews: ['looked at the reviews of', 'look at the reviews of'],
  rebuild_index: ['rebuilt the search index', 'rebuild the search index'],
  get_version_retention: [
    'looked at how long document versions are kept',
    'look at how long document versions are kept',
  ],
  update_version_retention: [
    'changed how long document versions are kept',
    'change how long document versions are kept',
  ],
  get_settings: ['looked at the business settings', 'look at the business settings'],
  get_app_info: ['looked at where Officina keeps its data', 'look at where Officina keeps its data'],
  reveal_mcp_token: ['showed the assistant’s access token', 'show the assistant’s access token'],
  get_app_preferences: ['looked at the app preferences', 'look at the app preferences'],
  update_app_preferences: ['changed the app preferences', 'change the app preferences'],
  connect_claude_desktop: ['connected Claude Desktop', 'connect Claude Desktop'],
  disconnect_claude_desktop: ['disconnected Claude Desktop', 'disconnect Claude Desktop'],
  get_claude_desktop_status: ['checked the link to Claude Desktop', 'check the link to Claude Desktop'],
  get_assistant_permissions: ['looked at what assistants may do', 'look at what assistants may do'],
  list_activity_facets: ['read the activity log', 'read the activity log'],
  get_activity_retention: ['looked at how long activity is kept', 'look at how long activity is kept'],
  export_activity: ['exported the activity log', 'export the activity log'],
  list_allowed_folders: ['looked at the allowed folders', 'look at the allowed folders'],
  scrape_multiple_pages: ['read several web pages', 'read several web pages'],
  crawl_website: ['crawled a website', 'crawl a website'],
  extract_emails: ['looked for email addresses on a web page', 'look for email addresses on a web page'],
  extract_phone_numbers: ['looked for phone numbers on a web page', 'look for phone numbers on a web page'],
  extract_social_media_links: [
    'looked for social media links on a web page',
    'look for social media links on a web page',
  ],
  save_to_vault: ['saved a web page to the vault', 'save a web page to the vault'],
  import_contacts_as_customers: [
    'added contacts from a web page as customers',
    'add contacts from a web page as customers',
  ],
  monitor_website_changes: ['started watching a page', 'start watching a page'],
  list_monitors: ['looked through the page monitors', 'look through the page monitors'],
  get_monitor: ['looked at page monitor', 'look at page monitor'],
  update_monitor: ['changed page monitor', 'change page monitor'],
  delete_monitor: ['deleted page monitor', 'delete page monitor'],
  check_monitor_now: ['checked {} now', 'check {} now'],
  get_monitor_history: ['looked at the history of', 'look at the history of'],
  list_monitor_notifications: ['looked at the page-change notifications', 'look at the page-change notifications'],
  mark_monitor_notifications_read: ['marked page changes as read', 'mark page changes as read'],
  retry_monitor_notification: ['sent a page-change notification again', 'send a page-change notification again'],
  get_scraper_settings: ['looked at the scraper settings', 'look at the scraper settings'],
  update_scraper_settings: ['changed the scraper settings', 'change the scraper settings'],
  create_workflow: ['created workflow', 'create workflow'],
  update_workflow: ['changed workflow', 'change workflow'],
  get_workflow: ['looked at workflow', 'look at workflow'],
  list_workflows: ['looked through the workflows', 'look through the workflows'],
  delete_workflow: ['deleted workflow', 'delete workflow'],
  validate_workflow: ['checked a workflow for problems', 'check a workflow for problems'],
  list_workflow_templates: ['looked through the workflow templates', 'look through the workflow templates'],
  execute_workflow: ['ran workflow', 'run workflow'],
  get_execution_status: ['looked at a run of', 'look at a run of'],
  list_executions: ['looked through the workflow runs', 'look through the workflow runs'],
  cancel_execution: ['stopped a run of', 'stop a run of'],
  retry_execution: ['retried a run of', 'retry a run of'],
  get_workflow_metrics: ['looked at the workflow figures', 'look at the workflow figures'],
  prune_executions: ['cleared out old workflow runs', 'clear out old workflow runs'],
  compact_database: ['gave back the database’s unused space', 'give back the database’s unused space'],
  get_database_space: ['looked at how much space the database takes', 'look at how much space the database takes'],
  list_trash: ['looked through the trash', 'look through the trash'],
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

/** Phrases that end waiting for their record: "changed the status of" … "order #12". */
const PHRASE_ENDINGS = [' of', ' to', ' for', 'good'];

function humanize(operation: string): string {
  return operation.replaceAll('_', ' ');
}

/** "Claude deleted customer Bad Phone Co"; "Claude tried to delete customer Acme" when it failed. */
export function describeActivity(entry: Described): string {
  const actor = actorOf(entry);
  const [done, tried] = PHRASES[entry.operation] ?? [`ran “${humanize(entry.operation)}”`, humanize(entry.operation)];
  const phrase = entry.outcome === 'ok' ? done : `tried to ${tried}`;
  const subject = entry.subject;
  // "{}" marks where the record goes in a phrase that goes on after it ("sent {} for review").
  if (!subject) return `${actor} ${phrase.replace(' {}', '')}`;
  const name = subject.name ?? `#${subject.id}`;
  const known = ENTITY_LABELS[subject.entity]?.one;
  if (phrase.includes('{}')) return `${actor} ${phrase.replace('{}', known ? `${known} ${name}` : name)}`;
  const waits = PHRASE_ENDINGS.some((end) => phrase.endsWith(end));
  // A kind of record with no words of its own (the shipping rates of a currency) is not spelled in code.
  if (!known) return waits ? `${actor} ${phrase} ${name}` : `${actor} ${phrase}`;
  const label = known;
  // A phrase that names its kind of record ("deleted customer") takes the name; others take both.
  const named = phrase.endsWith(label) || waits;
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
