import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { CUSTOMER_STATUSES, type Customer } from '../../shared/customers.js';
import { ORDER_STATUSES } from '../../shared/sales/orders.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';
import type { Officina } from '../core/app.js';
import { addCompleter, type Completion } from './completions.js';
import { fromErrorBody, ProtocolError, RESOURCE_NOT_FOUND } from './protocol-errors.js';
import { loadApp, readOperation, type Reads } from './reads.js';
import { onServerClose, type AppSource } from './server.js';

/*
 * One record is officina://<collection>/{id}; a page of them is officina://<collection>{?filters}.
 * RFC 6570 form-style query expansion (level 3) leaves unset variables out, so one template covers
 * every combination of filters and any RFC 6570 library, the SDK's UriTemplate.expand among them,
 * builds the URI (`officina://customers?status=active`). Incoming URIs are read with the WHATWG URL
 * parser rather than UriTemplate.match, whose matcher requires every query variable, in template
 * order: it would not match that very URI.
 */
export const CUSTOMER_TEMPLATE = 'officina://customers/{id}';
export const CUSTOMERS_TEMPLATE = 'officina://customers{?query,status,tag,cursor}';
const JSON_MIME = 'application/json';
/** list_customers' default page; its maximum (500) would make one resources/list answer unwieldy. */
const PAGE_SIZE = 100;
const SUGGESTIONS = 20;

export function customerUri(id: number): string {
  return `officina://customers/${id}`;
}

/** A kind of record served as resources: one by id, and filtered pages, each read through an operation. */
interface Collection {
  host: string;
  /** The `entity` of its record.changed events. */
  entity: string;
  one: { template: string; name: string; title: string; description: string; operation: string; idArgument: string };
  many: {
    template: string;
    name: string;
    title: string;
    description: string;
    operation: string;
    filters: readonly string[];
  };
  /** The id a record is followed by in events (a SKU in the URI still follows the product's id). */
  idOf(record: unknown): number;
  /** Ids with "/" in them (document paths: the template says {+path}). */
  nested?: boolean;
}

const COLLECTIONS: readonly Collection[] = [
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
    idOf: (record) => (record as Customer).id,
  },
  {
    host: 'orders',
    entity: 'order',
    one: {
      template: 'officina://orders/{id}',
      name: 'order',
      title: 'Order',
      description:
        'One order by id: items, totals (subtotal, shipping, tax, total, paid, refunded, balance due), shipping ' +
        'address, status history with who and when, and the statuses it can move to. Completion suggests recent ' +
        'order ids.',
      operation: 'get_order',
      idArgument: 'order_id',
    },
    many: {
      template: 'officina://orders{?customer_id,status,start_date,end_date,cursor}',
      name: 'orders',
      title: 'Orders',
      description:
        `A page of up to ${PAGE_SIZE} order summaries, newest first, as { items, next_cursor }. Every variable is ` +
        'optional: customer_id, status (pending, paid, processing, shipped, delivered, cancelled, refunded), ' +
        'start_date and end_date (YYYY-MM-DD), and cursor (next_cursor of the previous page).',
      operation: 'list_orders',
      filters: ['customer_id', 'status', 'start_date', 'end_date', 'cursor'],
    },
    idOf: (record) => (record as { id: number }).id,
  },
  {
    host: 'products',
    entity: 'product',
    one: {
      template: 'officina://products/{id}',
      name: 'product',
      title: 'Product',
      description:
        'One product by integer id or SKU: price, weight, category, status and stock (on hand, reserved, ' +
        'available). Completion suggests SKUs by name or SKU prefix.',
      operation: 'get_product_details',
      idArgument: 'product_id',
    },
    many: {
      template: 'officina://products{?query,category,cursor}',
      name: 'products',
      title: 'Products',
      description:
        `A page of up to ${PAGE_SIZE} active products, by name (or best match for query), as { items, next_cursor }. ` +
        'Variables are optional: query matches word beginnings in name, SKU, category and description; category ' +
        'keeps one category; cursor is next_cursor of the previous page.',
      operation: 'search_products',
      filters: ['query', 'category', 'cursor'],
    },
    idOf: (record) => (record as { id: number }).id,
  },
  {
    host: 'documents',
    entity: 'document',
    nested: true,
    one: {
      template: 'officina://documents/{+path}',
      name: 'document',
      title: 'Document',
      description:
        'One document of the vault by its path ("notes/plan.md"): the file’s content (text, or base64 for binary ' +
        'files). Subscribe to hear when the file changes, from Officina or from outside it.',
      operation: 'read_document',
      idArgument: 'document_id',
    },
    many: {
      template: 'officina://documents{?path,status,tag}',
      name: 'documents',
      title: 'Documents',
      description:
        'The documents of one vault folder (path, default the top) as { items, folders, next_cursor }, optionally ' +
        'only those in a review status or with a tag.',
      operation: 'list_documents',
      filters: ['path', 'status', 'tag'],
    },
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
    idOf: (record) => (record as { id: number }).id,
  },
];

/** Each template with the operation that reads it: listed only while the assistant may call that operation. */
const TEMPLATES: { operation: string; template: ResourceTemplate }[] = COLLECTIONS.flatMap((c) =>
  [c.one, c.many].map((t) => ({
    operation: t.operation,
    template: {
      uriTemplate: t.template,
      name: t.name,
      title: t.title,
      description: t.description,
      mimeType: JSON_MIME,
    },
  })),
);

/** What a URI names: one record (by the id as written) or a filtered page of them. */
type Target =
  | { kind: 'one'; collection: Collection; id: string }
  | { kind: 'many'; collection: Collection; filters: Record<string, string> };

/**
 * Customers, orders and products as MCP resources: list (customers, paged), templates, read,
 * subscribe, and completion of the templates' arguments. Every read goes through the catalogue
 * (DESIGN.md rule 1).
 */
export function registerResources(server: Server, source: AppSource): void {
  const watch = new ResourceWatch(server);
  onServerClose(server, () => watch.close());

  /** The app, with this server listening to the bus from the client's first look at resources on. */
  const ready = async (): Promise<Officina> => {
    const app = await loadApp(source);
    watch.listen(app);
    return app;
  };

  server.setRequestHandler(ListResourcesRequestSchema, async (request) => {
    const app = await ready();
    // Without customers shared there is nothing to list (and no refusal to explain: nothing was asked for).
    if (!app.catalogue.callable('list_customers', 'mcp')) return { resources: [] };
    const cursor = request.params?.cursor;
    const page = await readOperation(
      server,
      app,
      'list_customers',
      { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
      (error) => fromErrorBody(error, 'Cannot list resources', cursor === undefined ? {} : { data: { cursor } }),
    );
    return {
      resources: page.items.map(customerResource),
      ...(page.next_cursor === null ? {} : { nextCursor: page.next_cursor }),
    };
  });

  // Like tools/list, what the person lets assistants read: a template of hidden data is not offered.
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    const app = await ready();
    return {
      resourceTemplates: TEMPLATES.filter((t) => app.catalogue.callable(t.operation, 'mcp')).map((t) => t.template),
    };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const target = parseUri(uri);
    const app = await ready();
    const what = `Cannot read ${uri}`;
    if (target.kind === 'one' && target.collection.host === 'documents') {
      // A document is its content, not a record about it.
      const read = (await readOne(server, app, uri, target, what)) as Reads['read_document'];
      const mimeType = mimeTypeOf(read.document.file_type);
      return {
        contents: [
          read.encoding === 'utf8' ? { uri, mimeType, text: read.content } : { uri, mimeType, blob: read.content },
        ],
      };
    }
    const data =
      target.kind === 'one'
        ? await readOne(server, app, uri, target, what)
        : await readPage(server, app, uri, target, what, PAGE_SIZE);
    return { contents: [{ uri, mimeType: JSON_MIME, text: JSON.stringify(data, null, 2) }] };
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const target = parseUri(uri);
    const app = await ready();
    // Reading once first turns a subscription that could never fire (no such record, a bad filter)
    // into an error now rather than silence later.
    const what = `Cannot subscribe to ${uri}`;
    if (target.kind === 'one') {
      const record = await readOne(server, app, uri, target, what);
      watch.subscribe(uri, target.collection.one.operation, target.collection.entity, target.collection.idOf(record));
    } else {
      await readPage(server, app, uri, target, what, 1);
      watch.subscribe(uri, target.collection.many.operation, target.collection.entity, 'any');
    }
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    watch.unsubscribe(request.params.uri);
    return {};
  });

  addCompleter(server, { type: 'ref/resource', uri: CUSTOMER_TEMPLATE }, 'id', async (typed) =>
    suggestCustomerIds(server, await loadApp(source), typed),
  );
  addCompleter(server, { type: 'ref/resource', uri: CUSTOMERS_TEMPLATE }, 'status', (typed) =>
    Promise.resolve(startingWith(CUSTOMER_STATUSES, typed)),
  );
  addCompleter(server, { type: 'ref/resource', uri: 'officina://orders/{id}' }, 'id', async (typed) =>
    suggestOrderIds(server, await loadApp(source), typed),
  );
  addCompleter(
    server,
    { type: 'ref/resource', uri: 'officina://orders{?customer_id,status,start_date,end_date,cursor}' },
    'status',
    (typed) => Promise.resolve(startingWith(ORDER_STATUSES, typed)),
  );
  addCompleter(server, { type: 'ref/resource', uri: 'officina://products/{id}' }, 'id', async (typed) =>
    suggestSkus(server, await loadApp(source), typed),
  );
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

function mimeTypeOf(fileType: string): string {
  return MIME_TYPES[fileType] ?? 'application/octet-stream';
}

function startingWith(values: readonly string[], typed: string): Completion {
  const found = values.filter((v) => v.startsWith(typed.trim().toLowerCase()));
  return { values: found, total: found.length, hasMore: false };
}

/** Recent order ids whose digits start with what was typed (the newest 500 orders are looked at). */
async function suggestOrderIds(server: Server, app: Officina, typed: string): Promise<Completion> {
  const page = await readOperation(server, app, 'list_orders', { limit: 500 }, (error) =>
    fromErrorBody(error, `Cannot suggest orders for "${typed}"`),
  );
  const ids = page.items.map((o) => String(o.id)).filter((id) => id.startsWith(typed.trim()));
  return { values: ids.slice(0, SUGGESTIONS), total: ids.length, hasMore: ids.length > SUGGESTIONS };
}

/** SKUs of active products whose name, SKU or category has a word starting with what was typed. */
async function suggestSkus(server: Server, app: Officina, typed: string): Promise<Completion> {
  const page = await readOperation(
    server,
    app,
    'search_products',
    typed.trim() ? { query: typed, limit: SUGGESTIONS } : { limit: SUGGESTIONS },
    (error) => fromErrorBody(error, `Cannot suggest products for "${typed}"`),
  );
  const values = page.items.map((p) => p.sku);
  return { values, hasMore: page.next_cursor !== null };
}

/** Ids (as strings) of the customers whose name or email has a word starting with `typed`, newest first. */
export async function suggestCustomerIds(server: Server, app: Officina, typed: string): Promise<Completion> {
  const page = await readOperation(
    server,
    app,
    'list_customers',
    { query: typed, limit: SUGGESTIONS, include_total: true },
    (error) => fromErrorBody(error, `Cannot suggest customers for "${typed}"`),
  );
  const values = page.items.map((customer) => String(customer.id));
  const total = page.total ?? values.length;
  return { values, total, hasMore: total > values.length };
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

/** Reads what a URI names through the catalogue; `what` opens the error message ("Cannot read <uri>"). */
function readOne(
  server: Server,
  app: Officina,
  uri: string,
  target: Extract<Target, { kind: 'one' }>,
  what: string,
): Promise<unknown> {
  const { operation, idArgument } = target.collection.one;
  return readOperation(server, app, operation as 'get_customer', { [idArgument]: target.id }, notFoundAs(uri, what));
}

function readPage(
  server: Server,
  app: Officina,
  uri: string,
  target: Extract<Target, { kind: 'many' }>,
  what: string,
  limit: number,
): Promise<unknown> {
  const input = { ...target.filters, limit } as Record<string, unknown>;
  // URIs carry text; list_orders takes customer_id as an id, which the catalogue reads from "42" too.
  return readOperation(server, app, target.collection.many.operation as 'list_customers', input, notFoundAs(uri, what));
}

function notFoundAs(uri: string, what: string) {
  return (error: ErrorBody) => fromErrorBody(error, what, { notFoundCode: RESOURCE_NOT_FOUND, data: { uri } });
}

/** The resource a URI names; anything else is "resource not found", naming what is served instead. */
function parseUri(uri: string): Target {
  const url = URL.parse(uri);
  const collection = COLLECTIONS.find((c) => c.host === url?.host);
  if (url?.protocol === 'officina:' && collection && url.hash === '') {
    if (url.pathname === '')
      return { kind: 'many', collection, filters: listFilters(uri, collection, url.searchParams) };
    const id = (collection.nested ? /^\/(.+[^/])$/ : /^\/([^/]+)$/).exec(url.pathname)?.[1];
    if (id !== undefined && url.search === '') return { kind: 'one', collection, id: safeDecode(id) };
  }
  const served = COLLECTIONS.map((c) => `${c.one.template} (one ${c.one.name}) and ${c.many.template}`).join('; ');
  throw new ProtocolError(
    RESOURCE_NOT_FOUND,
    `Officina has no resource at ${uri}. It serves ${served}; resources/list lists the customers.`,
    { uri },
  );
}

function listFilters(uri: string, collection: Collection, params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  const known = collection.many.filters;
  for (const [name, value] of params) {
    if (!known.includes(name)) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `${uri}: "${name}" is not a filter of officina://${collection.host}; use ${known.join(', ')}.`,
        { uri },
      );
    }
    if (Object.hasOwn(filters, name)) {
      throw new ProtocolError(ErrorCode.InvalidParams, `${uri}: give "${name}" once.`, { uri });
    }
    // A client filling the template from a form sends an empty field as `name=`: no filter, not a bad one.
    if (value !== '') filters[name] = value;
  }
  return filters;
}

/** A malformed escape is kept as written, so the catalogue's "not an id" error names it. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * What one server (one MCP session) hears from the bus: resources/updated for the URIs its client
 * subscribed to, resources/list_changed when customers come or go or the person changes what
 * assistants may see. The other process's writes reach the bus through the change feed, so they
 * notify too. Notifications of one burst (a write, or one poll of the change feed) go out once each,
 * and only about data the assistant may read when they go out: a notification names its resource.
 */
class ResourceWatch {
  private readonly server: Server;
  /**
   * URI as the client wrote it → the operation that reads it, and the entity and record id it follows
   * (or any record of it, for a page).
   */
  private readonly subscriptions = new Map<string, { operation: string; entity: string; follows: number | 'any' }>();
  private stopListening: (() => void) | undefined;
  private closed = false;
  /** URI → the operation that reads it. */
  private readonly pendingUpdates = new Map<string, string>();
  private pendingListChanged = false;
  private pendingPermissionsChanged = false;
  private flushQueued = false;

  constructor(server: Server) {
    this.server = server;
  }

  /** From the client's first resources request on: before that it holds no list to refresh. */
  listen(app: Officina): void {
    if (this.stopListening || this.closed) return;
    this.stopListening = app.bus.subscribe((event) => this.onEvent(app, event));
  }

  subscribe(uri: string, operation: string, entity: string, follows: number | 'any'): void {
    this.subscriptions.set(uri, { operation, entity, follows });
  }

  unsubscribe(uri: string): void {
    this.subscriptions.delete(uri);
  }

  close(): void {
    this.closed = true;
    this.stopListening?.();
    this.stopListening = undefined;
    this.subscriptions.clear();
  }

  private onEvent(app: Officina, event: OfficinaEvent): void {
    if (event.type === 'permissions.changed') {
      // Customers may have been shared or hidden, and the templates on offer with them.
      this.pendingPermissionsChanged = true;
      this.queueFlush(app);
      return;
    }
    const change =
      event.type === 'record.changed'
        ? event
        : event.type === 'document.changed'
          ? { entity: 'document', id: event.id, action: event.action }
          : // A check that found nothing new only moves last_checked_at: not news to a subscriber.
            event.type === 'monitor.changed' && event.action !== 'checked'
            ? { entity: 'monitor', id: event.id, action: event.action }
            : undefined;
    if (!change) return;
    for (const [uri, { operation, entity, follows }] of this.subscriptions) {
      if (entity !== change.entity) continue;
      // Any record's change may change a page of them.
      if (follows === 'any' || String(follows) === String(change.id)) this.pendingUpdates.set(uri, operation);
    }
    // resources/list lists customers: only their coming and going changes it.
    if (change.entity === 'customer' && change.action !== 'updated') this.pendingListChanged = true;
    if (this.pendingUpdates.size > 0 || this.pendingListChanged) this.queueFlush(app);
  }

  private queueFlush(app: Officina): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush(app));
  }

  private flush(app: Officina): void {
    this.flushQueued = false;
    const updates = [...this.pendingUpdates];
    const listChanged = this.pendingListChanged;
    const permissionsChanged = this.pendingPermissionsChanged;
    this.pendingUpdates.clear();
    this.pendingListChanged = false;
    this.pendingPermissionsChanged = false;
    if (this.closed) return;
    // Asked now, not at subscription: the person may have hidden the data since, here or in the other process.
    const allowed = new Map<string, boolean>();
    const mayRead = (operation: string): boolean => {
      let may = allowed.get(operation);
      if (may === undefined) allowed.set(operation, (may = app.catalogue.callable(operation, 'mcp')));
      return may;
    };
    const undelivered = (error: unknown) => app.log.debug('resource notification not delivered', { error });
    for (const [uri, operation] of updates) {
      if (mayRead(operation)) void this.server.sendResourceUpdated({ uri }).catch(undelivered);
    }
    if (permissionsChanged || (listChanged && mayRead('list_customers'))) {
      void this.server.sendResourceListChanged().catch(undelivered);
    }
  }
}
