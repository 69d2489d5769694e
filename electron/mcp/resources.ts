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
import type { ErrorBody } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';
import type { Officina } from '../core/app.js';
import { addCompleter, type Completion } from './completions.js';
import { fromErrorBody, ProtocolError, RESOURCE_NOT_FOUND } from './protocol-errors.js';
import { loadApp, readOperation } from './reads.js';
import { onServerClose, type AppSource } from './server.js';

/*
 * One customer is officina://customers/{id}; a page of customers is
 * officina://customers{?query,status,tag,cursor}. RFC 6570 form-style query expansion (level 3) leaves
 * unset variables out, so one template covers every combination of filters and any RFC 6570 library,
 * the SDK's UriTemplate.expand among them, builds the URI (`officina://customers?status=active`).
 * Incoming URIs are read with the WHATWG URL parser rather than UriTemplate.match, whose matcher
 * requires every query variable, in template order: it would not match that very URI.
 */
export const CUSTOMER_TEMPLATE = 'officina://customers/{id}';
export const CUSTOMERS_TEMPLATE = 'officina://customers{?query,status,tag,cursor}';
const LIST_FILTERS = ['query', 'status', 'tag', 'cursor'] as const;
const JSON_MIME = 'application/json';
/** list_customers' default page; its maximum (500) would make one resources/list answer unwieldy. */
const PAGE_SIZE = 100;
const SUGGESTIONS = 20;

export function customerUri(id: number): string {
  return `officina://customers/${id}`;
}

const TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: CUSTOMER_TEMPLATE,
    name: 'customer',
    title: 'Customer',
    description:
      'One customer by id (an integer): the full record with email, phone, address, status, tags, notes and ' +
      'version. Completion suggests ids of customers whose name or email starts with what you type.',
    mimeType: JSON_MIME,
  },
  {
    uriTemplate: CUSTOMERS_TEMPLATE,
    name: 'customers',
    title: 'Customers',
    description:
      `A page of up to ${PAGE_SIZE} customers, newest first, as { items, next_cursor }. Every variable is ` +
      'optional: query matches the beginnings of words in names and emails, status is "active" or "inactive", ' +
      'tag keeps customers with that tag, and cursor is the next_cursor of the previous page.',
    mimeType: JSON_MIME,
  },
];

/** What a URI names: one customer (by the id as written) or a filtered page of them. */
type Target = { kind: 'customer'; id: string } | { kind: 'customers'; filters: Record<string, string> };

/**
 * Customers as MCP resources: list (paged), templates, read, subscribe, and completion of the
 * templates' arguments. Every read goes through the catalogue (DESIGN.md rule 1).
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

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: TEMPLATES }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const target = parseUri(uri);
    const app = await ready();
    const what = `Cannot read ${uri}`;
    const data =
      target.kind === 'customer'
        ? await readCustomer(server, app, uri, target.id, what)
        : await readPage(server, app, uri, target.filters, what, PAGE_SIZE);
    return { contents: [{ uri, mimeType: JSON_MIME, text: JSON.stringify(data, null, 2) }] };
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const target = parseUri(uri);
    const app = await ready();
    // Reading once first turns a subscription that could never fire (no such customer, a bad filter)
    // into an error now rather than silence later.
    const what = `Cannot subscribe to ${uri}`;
    if (target.kind === 'customer') {
      watch.subscribe(uri, (await readCustomer(server, app, uri, target.id, what)).id);
    } else {
      await readPage(server, app, uri, target.filters, what, 1);
      watch.subscribe(uri, 'any');
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
  addCompleter(server, { type: 'ref/resource', uri: CUSTOMERS_TEMPLATE }, 'status', (typed) => {
    const values = CUSTOMER_STATUSES.filter((status) => status.startsWith(typed.trim().toLowerCase()));
    return Promise.resolve({ values, total: values.length, hasMore: false });
  });
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
function readCustomer(server: Server, app: Officina, uri: string, id: string, what: string): Promise<Customer> {
  return readOperation(server, app, 'get_customer', { customer_id: id }, notFoundAs(uri, what));
}

function readPage(
  server: Server,
  app: Officina,
  uri: string,
  filters: Record<string, string>,
  what: string,
  limit: number,
): Promise<{ items: Customer[]; next_cursor: string | null }> {
  return readOperation(server, app, 'list_customers', { ...filters, limit }, notFoundAs(uri, what));
}

function notFoundAs(uri: string, what: string) {
  return (error: ErrorBody) => fromErrorBody(error, what, { notFoundCode: RESOURCE_NOT_FOUND, data: { uri } });
}

/** The resource a URI names; anything else is "resource not found", naming what is served instead. */
function parseUri(uri: string): Target {
  const url = URL.parse(uri);
  if (url?.protocol === 'officina:' && url.host === 'customers' && url.hash === '') {
    if (url.pathname === '') return { kind: 'customers', filters: listFilters(uri, url.searchParams) };
    const id = /^\/([^/]+)$/.exec(url.pathname)?.[1];
    if (id !== undefined && url.search === '') return { kind: 'customer', id: safeDecode(id) };
  }
  throw new ProtocolError(
    RESOURCE_NOT_FOUND,
    `Officina has no resource at ${uri}. It serves ${CUSTOMER_TEMPLATE} (one customer) and ` +
      `${CUSTOMERS_TEMPLATE} (a page of customers); resources/list lists the customers.`,
    { uri },
  );
}

function listFilters(uri: string, params: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!(LIST_FILTERS as readonly string[]).includes(name)) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `${uri}: "${name}" is not a filter of officina://customers; use ${LIST_FILTERS.join(', ')}.`,
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
 * subscribed to, resources/list_changed when customers come or go. The other process's writes reach
 * the bus through the change feed, so they notify too. Notifications of one burst (a write, or one
 * poll of the change feed) go out once each.
 */
class ResourceWatch {
  private readonly server: Server;
  /** URI as the client wrote it → the customer id it follows, or any customer for a page. */
  private readonly subscriptions = new Map<string, number | 'any'>();
  private stopListening: (() => void) | undefined;
  private closed = false;
  private readonly pendingUpdates = new Set<string>();
  private pendingListChanged = false;
  private flushQueued = false;

  constructor(server: Server) {
    this.server = server;
  }

  /** From the client's first resources request on: before that it holds no list to refresh. */
  listen(app: Officina): void {
    if (this.stopListening || this.closed) return;
    this.stopListening = app.bus.subscribe((event) => this.onEvent(app, event));
  }

  subscribe(uri: string, follows: number | 'any'): void {
    this.subscriptions.set(uri, follows);
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
    if (event.type !== 'record.changed' || event.entity !== 'customer') return;
    for (const [uri, follows] of this.subscriptions) {
      // Any customer's change may change a page of customers.
      if (follows === 'any' || String(follows) === String(event.id)) this.pendingUpdates.add(uri);
    }
    if (event.action !== 'updated') this.pendingListChanged = true;
    if (this.flushQueued || (this.pendingUpdates.size === 0 && !this.pendingListChanged)) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush(app));
  }

  private flush(app: Officina): void {
    this.flushQueued = false;
    const uris = [...this.pendingUpdates];
    const listChanged = this.pendingListChanged;
    this.pendingUpdates.clear();
    this.pendingListChanged = false;
    if (this.closed) return;
    const undelivered = (error: unknown) => app.log.debug('resource notification not delivered', { error });
    for (const uri of uris) void this.server.sendResourceUpdated({ uri }).catch(undelivered);
    if (listChanged) void this.server.sendResourceListChanged().catch(undelivered);
  }
}
