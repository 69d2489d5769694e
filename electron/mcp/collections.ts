import type { Resource } from '@modelcontextprotocol/sdk/types.js';
import type { Customer } from '../../shared/customers.js';
import type { Monitor } from '../../shared/monitors.js';
import type { OrderSummary } from '../../shared/sales/orders.js';
import type { Product } from '../../shared/sales/products.js';
import type { Document } from '../../shared/vault.js';
import type { ExecutionSummary } from '../../shared/workflows.js';

/*
 * The kinds of records served as MCP resources. One record is officina://<collection>/{id}; a page of
 * them is officina://<collection>{?filters}. RFC 6570 form-style query expansion (level 3) leaves unset
 * variables out, so one template covers every combination of filters and any RFC 6570 library, the
 * SDK's UriTemplate.expand among them, builds the URI (`officina://customers?status=active`).
 *
 * A collection added here is served by every resource request: templates, reads, subscriptions and
 * resources/list (through its `list`), with no other list to keep.
 */

/** JSON records (a document's content has the file's own type instead). */
export const JSON_MIME = 'application/json';
/** A page of a list template or of resources/list: list operations' default page. */
export const PAGE_SIZE = 100;

export const CUSTOMER_TEMPLATE = 'officina://customers/{id}';
export const CUSTOMERS_TEMPLATE = 'officina://customers{?query,status,tag,cursor}';
export const ORDER_TEMPLATE = 'officina://orders/{id}';
export const ORDERS_TEMPLATE = 'officina://orders{?customer_id,status,start_date,end_date,cursor}';
export const PRODUCT_TEMPLATE = 'officina://products/{id}';
export const PRODUCTS_TEMPLATE = 'officina://products{?query,category,cursor}';
export const DOCUMENT_TEMPLATE = 'officina://documents/{+path}';
export const DOCUMENTS_TEMPLATE = 'officina://documents{?path,status,tag,cursor}';

export interface Collection {
  host: string;
  /** The `entity` of its record.changed events ("document" for document.changed). */
  entity: string;
  one: {
    template: string;
    name: string;
    title: string;
    description: string;
    operation: string;
    idArgument: string;
    /** Absent where records differ in type (a document is its file). */
    mimeType?: string;
  };
  many: {
    template: string;
    name: string;
    title: string;
    description: string;
    operation: string;
    filters: readonly string[];
  };
  /** How resources/list pages through every record: `many.operation` with this input, each item as a resource. */
  list: { input: Record<string, unknown>; resource(item: unknown): Resource };
  /** The id a record is followed by in events (a SKU in the URI still follows the product's id). */
  idOf(record: unknown): number;
  /** Ids with "/" in them (document paths: the template says {+path}). */
  nested?: boolean;
}

export function customerUri(id: number): string {
  return `officina://customers/${id}`;
}

/** A document's URI: its vault path, each segment escaped as RFC 6570's {+path} expansion does. */
export function documentUri(path: string): string {
  return `officina://documents/${path.split('/').map(encodeURIComponent).join('/')}`;
}

const MIME_TYPES: Record<string, string> = {
  md: 'text/markdown',
  markdown: 'text/markdown',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** A vault file's media type, from its extension: what reading it as a resource says. */
export function mimeTypeOf(fileType: string): string {
  return MIME_TYPES[fileType] ?? 'application/octet-stream';
}

function customerResource(customer: Customer): Resource {
  const tags = customer.tags.length ? ` · tags: ${customer.tags.join(', ')}` : '';
  return {
    uri: customerUri(customer.id),
    name: customer.name,
    title: `${customer.name} (customer ${customer.id})`,
    description: `${customer.email} · ${customer.status}${tags}`,
    mimeType: JSON_MIME,
    annotations: { lastModified: customer.updated_at },
  };
}

// Without the customer's name: orders are listed while customers are hidden too (list_orders redacts them).
function orderResource(order: OrderSummary): Resource {
  const items = `${order.item_count} item${order.item_count === 1 ? '' : 's'}`;
  return {
    uri: `officina://orders/${order.id}`,
    name: `Order ${order.id}`,
    title: `Order ${order.id} (${order.status})`,
    description: `${order.status} · ${items} · total ${order.total} ${order.currency} · placed ${order.created_at.slice(0, 10)}`,
    mimeType: JSON_MIME,
    annotations: { lastModified: order.updated_at },
  };
}

function productResource(product: Product): Resource {
  return {
    uri: `officina://products/${product.id}`,
    name: product.name,
    title: `${product.name} (${product.sku})`,
    description:
      `${product.sku} · ${product.price} ${product.currency}` +
      `${product.category ? ` · ${product.category}` : ''} · ${product.stock.available} available`,
    mimeType: JSON_MIME,
    annotations: { lastModified: product.updated_at },
  };
}

function documentResource(document: Document): Resource {
  const tags = document.tags.length ? ` · tags: ${document.tags.join(', ')}` : '';
  return {
    uri: documentUri(document.document_id),
    name: document.name,
    title: document.title ?? document.document_id,
    description: `${document.document_id} · ${document.status} · ${document.size} bytes${tags}`,
    mimeType: mimeTypeOf(document.file_type),
    size: document.size,
    annotations: { lastModified: document.modified_at },
  };
}

function monitorResource(monitor: Monitor): Resource {
  return {
    uri: `officina://monitors/${monitor.id}`,
    name: monitor.name,
    title: `${monitor.name} (page monitor ${monitor.id})`,
    description: `${monitor.url} · ${monitor.status}${monitor.last_changed_at ? ` · last change ${monitor.last_changed_at}` : ''}`,
    mimeType: JSON_MIME,
    annotations: { lastModified: monitor.updated_at },
  };
}

function runResource(run: ExecutionSummary): Resource {
  return {
    uri: `officina://runs/${run.execution_id}`,
    name: `Run ${run.execution_id}`,
    title: `Run ${run.execution_id} of ${run.workflow_id} (${run.status})`,
    description:
      `${run.workflow_id} v${run.version} · ${run.status}${run.error_step ? ` at step ${run.error_step}` : ''} · ` +
      `started by ${run.started_by} · ${run.created_at}`,
    mimeType: JSON_MIME,
    annotations: { lastModified: run.completed_at ?? run.started_at ?? run.created_at },
  };
}

export const COLLECTIONS: readonly Collection[] = [
  {
    host: 'customers',
    entity: 'customer',
    one: {
      template: CUSTOMER_TEMPLATE,
      name: 'customer',
      title: 'Customer',
      description:
        'One customer by id (an integer): the full record with email, phone, address, status, tags, notes and ' +
        'version. Completion suggests ids of customers whose name or email starts with what you type.',
      operation: 'get_customer',
      idArgument: 'customer_id',
      mimeType: JSON_MIME,
    },
    many: {
      template: CUSTOMERS_TEMPLATE,
      name: 'customers',
      title: 'Customers',
      description:
        `A page of up to ${PAGE_SIZE} customers, newest first, as { items, next_cursor }. Every variable is ` +
        'optional: query matches the beginnings of words in names and emails, status is "active" or "inactive", ' +
        'tag keeps customers with that tag, and cursor is the next_cursor of the previous page.',
      operation: 'list_customers',
      filters: ['query', 'status', 'tag', 'cursor'],
    },
    list: { input: {}, resource: (item) => customerResource(item as Customer) },
    idOf: (record) => (record as Customer).id,
  },
  {
    host: 'orders',
    entity: 'order',
    one: {
      template: ORDER_TEMPLATE,
      name: 'order',
      title: 'Order',
      description:
        'One order by id: items, totals (subtotal, shipping, tax, total, paid, refunded, balance due), shipping ' +
        'address, status history with who and when, and the statuses it can move to. Completion suggests recent ' +
        'order ids.',
      operation: 'get_order',
      idArgument: 'order_id',
      mimeType: JSON_MIME,
    },
    many: {
      template: ORDERS_TEMPLATE,
      name: 'orders',
      title: 'Orders',
      description:
        `A page of up to ${PAGE_SIZE} order summaries, newest first, as { items, next_cursor }. Every variable is ` +
        'optional: customer_id, status (pending, paid, processing, shipped, delivered, cancelled, refunded), ' +
        'start_date and end_date (YYYY-MM-DD), and cursor (next_cursor of the previous page).',
      operation: 'list_orders',
      filters: ['customer_id', 'status', 'start_date', 'end_date', 'cursor'],
    },
    list: { input: {}, resource: (item) => orderResource(item as OrderSummary) },
    idOf: (record) => (record as { id: number }).id,
  },
  {
    host: 'products',
    entity: 'product',
    one: {
      template: PRODUCT_TEMPLATE,
      name: 'product',
      title: 'Product',
      description:
        'One product by integer id or SKU: price, weight, category, status and stock (on hand, reserved, ' +
        'available). Completion suggests SKUs by name or SKU prefix.',
      operation: 'get_product_details',
      idArgument: 'product_id',
      mimeType: JSON_MIME,
    },
    many: {
      template: PRODUCTS_TEMPLATE,
      name: 'products',
      title: 'Products',
      description:
        `A page of up to ${PAGE_SIZE} active products, by name (or best match for query), as { items, next_cursor }. ` +
        'Variables are optional: query matches word beginnings in name, SKU, category and description; category ' +
        'keeps one category; cursor is next_cursor of the previous page.',
      operation: 'search_products',
      filters: ['query', 'category', 'cursor'],
    },
    list: { input: {}, resource: (item) => productResource(item as Product) },
    idOf: (record) => (record as { id: number }).id,
  },
  {
    host: 'documents',
    entity: 'document',
    nested: true,
    one: {
      template: DOCUMENT_TEMPLATE,
      name: 'document',
      title: 'Document',
      description:
        'One document of the vault by its path ("notes/plan.md"): the file’s content with the file’s own media ' +
        'type (text/markdown, text/plain, application/pdf, …): text as text, other files as base64. Completion ' +
        'suggests paths a folder at a time. Subscribe to hear when the file changes, from Officina or from outside it.',
      operation: 'read_document',
      idArgument: 'document_id',
    },
    many: {
      template: DOCUMENTS_TEMPLATE,
      name: 'documents',
      title: 'Documents',
      description:
        `A page of up to ${PAGE_SIZE} documents of one vault folder (path, default the top) as { items, folders, ` +
        'next_cursor }, optionally only those in a review status or with a tag; cursor is next_cursor of the ' +
        'previous page.',
      operation: 'list_documents',
      filters: ['path', 'status', 'tag', 'cursor'],
    },
    list: { input: { recursive: true }, resource: (item) => documentResource(item as Document) },
    idOf: (record) => (record as { document: { id: number } }).document.id,
  },
  {
    host: 'monitors',
    entity: 'monitor',
    one: {
      template: 'officina://monitors/{id}',
      name: 'monitor',
      title: 'Page monitor',
      description:
        'One page monitor by id: the page and selectors it watches, its schedule, status, last change and last ' +
        'error. Subscribe to hear when it finds a change (or fails); get_monitor_history has the diffs.',
      operation: 'get_monitor',
      idArgument: 'monitor_id',
      mimeType: JSON_MIME,
    },
    many: {
      template: 'officina://monitors{?status,cursor}',
      name: 'monitors',
      title: 'Page monitors',
      description:
        `A page of up to ${PAGE_SIZE} page monitors, newest first, as { items, next_cursor }. status (pending, ok, ` +
        'changed, error) keeps monitors in that state; cursor is next_cursor of the previous page.',
      operation: 'list_monitors',
      filters: ['status', 'cursor'],
    },
    list: { input: {}, resource: (item) => monitorResource(item as Monitor) },
    idOf: (record) => (record as { id: number }).id,
  },
  {
    host: 'runs',
    entity: 'run',
    one: {
      template: 'officina://runs/{id}',
      name: 'run',
      title: 'Workflow run',
      description:
        'One workflow run by id: its status and each step’s status, input, output, error, attempts and duration. ' +
        'Subscribe to hear as it moves from step to step until it ends.',
      operation: 'get_execution_status',
      idArgument: 'execution_id',
      mimeType: JSON_MIME,
    },
    many: {
      template: 'officina://runs{?workflow_id,status,cursor}',
      name: 'runs',
      title: 'Workflow runs',
      description:
        `A page of up to ${PAGE_SIZE} workflow runs, newest first, as { items, next_cursor }. workflow_id keeps one ` +
        'workflow’s runs; status (queued, running, waiting, completed, failed, cancelled, needs_decision) keeps ' +
        'runs in that state; cursor is next_cursor of the previous page.',
      operation: 'list_executions',
      filters: ['workflow_id', 'status', 'cursor'],
    },
    list: { input: {}, resource: (item) => runResource(item as ExecutionSummary) },
    idOf: (record) => (record as { execution_id: number }).execution_id,
  },
];
