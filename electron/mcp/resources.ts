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
import { CUSTOMER_STATUSES } from '../../shared/customers.js';
import { ORDER_STATUSES } from '../../shared/sales/orders.js';
import { DOCUMENT_STATUSES } from '../../shared/vault.js';
import type { ErrorBody } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';
import type { Officina } from '../core/app.js';
import {
  COLLECTIONS,
  CUSTOMER_TEMPLATE,
  CUSTOMERS_TEMPLATE,
  DOCUMENT_TEMPLATE,
  DOCUMENTS_TEMPLATE,
  JSON_MIME,
  mimeTypeOf,
  ORDER_TEMPLATE,
  ORDERS_TEMPLATE,
  PAGE_SIZE,
  PRODUCT_TEMPLATE,
  PRODUCTS_TEMPLATE,
  type Collection,
} from './collections.js';
import { addCompletions, words } from './completions.js';
import { fromErrorBody, ProtocolError, RESOURCE_NOT_FOUND } from './protocol-errors.js';
import { loadApp, readOperation, type Reads } from './reads.js';
import { onServerClose, type AppSource } from './server.js';
import {
  categories,
  customerIds,
  customerTags,
  dates,
  documentTags,
  orderIds,
  skus,
  vaultPaths,
} from './suggestions.js';

/*
 * Incoming URIs are read with the WHATWG URL parser rather than UriTemplate.match, whose matcher
 * requires every query variable, in template order: it would not match `officina://customers?status=active`.
 */

/** Each template with the operation that reads it: listed only while the assistant may call that operation. */
const TEMPLATES: { operation: string; template: ResourceTemplate }[] = COLLECTIONS.flatMap((c) => [
  {
    operation: c.one.operation,
    template: {
      uriTemplate: c.one.template,
      name: c.one.name,
      title: c.one.title,
      description: c.one.description,
      // A template's media type is every match's: a document has its file's, told by each read.
      ...(c.one.mimeType ? { mimeType: c.one.mimeType } : {}),
    },
  },
  {
    operation: c.many.operation,
    template: {
      uriTemplate: c.many.template,
      name: c.many.name,
      title: c.many.title,
      description: c.many.description,
      mimeType: JSON_MIME,
    },
  },
]);

/** What a URI names: one record (by the id as written) or a filtered page of them. */
type Target =
  | { kind: 'one'; collection: Collection; id: string }
  | { kind: 'many'; collection: Collection; filters: Record<string, string> };

/**
 * The collections (collections.ts) as MCP resources: list (every kind, paged), templates, read,
 * subscribe, and completion of the templates' variables. Every read goes through the catalogue
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
    return listResources(server, app, request.params?.cursor);
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

  // Every variable with a sensible suggestion; free text (query) and cursors have none.
  const complete = (template: string, reads: string, completers: Parameters<typeof addCompletions>[4]) =>
    addCompletions(server, source, { type: 'ref/resource', uri: template }, [reads], completers);
  complete(CUSTOMER_TEMPLATE, 'get_customer', { id: customerIds(server) });
  complete(CUSTOMERS_TEMPLATE, 'list_customers', { status: words(CUSTOMER_STATUSES), tag: customerTags(server) });
  complete(ORDER_TEMPLATE, 'get_order', { id: orderIds(server) });
  complete(ORDERS_TEMPLATE, 'list_orders', {
    customer_id: customerIds(server),
    status: words(ORDER_STATUSES),
    start_date: dates,
    end_date: dates,
  });
  complete(PRODUCT_TEMPLATE, 'get_product_details', { id: skus(server) });
  complete(PRODUCTS_TEMPLATE, 'search_products', { category: categories(server) });
  complete(DOCUMENT_TEMPLATE, 'read_document', { path: vaultPaths(server, { folders: true, documents: true }) });
  complete(DOCUMENTS_TEMPLATE, 'list_documents', {
    path: vaultPaths(server, { folders: true, documents: false }),
    status: words(DOCUMENT_STATUSES),
    tag: documentTags(server),
  });
}

/** Where resources/list goes on: a collection, and that collection's own cursor (null: its first page). */
interface ListPosition {
  host: string;
  cursor: string | null;
}

/**
 * resources/list: every record of every collection the assistant may read, a collection after the
 * other, PAGE_SIZE a page. Each collection is paged by its own list operation; the cursor handed out
 * says which collection and that operation's cursor, so a page goes on where the last one stopped.
 */
async function listResources(
  server: Server,
  app: Officina,
  cursor: string | undefined,
): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const listed = COLLECTIONS.filter((c) => app.catalogue.callable(c.many.operation, 'mcp'));
  let at: ListPosition | undefined = cursor === undefined ? undefined : parseListCursor(cursor);
  let index = at === undefined ? 0 : listed.findIndex((c) => c.host === at?.host);
  // A collection hidden since the cursor was handed out: the list goes on with the next one shown.
  if (index < 0 && at !== undefined) {
    const position = COLLECTIONS.findIndex((c) => c.host === at?.host);
    index = listed.findIndex((c) => COLLECTIONS.indexOf(c) > position);
    at = undefined;
    if (index < 0) return { resources: [] };
  }
  const resources: Resource[] = [];
  for (; index < listed.length; index++) {
    const collection = listed[index] as Collection;
    const own = at?.host === collection.host ? at.cursor : null;
    if (resources.length === PAGE_SIZE)
      return { resources, nextCursor: listCursor({ host: collection.host, cursor: own }) };
    const page = (await readOperation(
      server,
      app,
      collection.many.operation as 'list_customers',
      { ...collection.list.input, limit: PAGE_SIZE - resources.length, ...(own === null ? {} : { cursor: own }) },
      (error) => fromErrorBody(error, 'Cannot list resources', cursor === undefined ? {} : { data: { cursor } }),
    )) as { items: unknown[]; next_cursor: string | null };
    resources.push(...page.items.map((item) => collection.list.resource(item)));
    if (page.next_cursor !== null) {
      return { resources, nextCursor: listCursor({ host: collection.host, cursor: page.next_cursor }) };
    }
    at = undefined;
  }
  return { resources };
}

function listCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.host, position.cursor])).toString('base64url');
}

function parseListCursor(cursor: string): ListPosition {
  try {
    const [host, own] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (COLLECTIONS.some((c) => c.host === host) && (own === null || typeof own === 'string')) {
      return { host: host as string, cursor: own };
    }
  } catch {
    // Not one of ours: answered below.
  }
  throw new ProtocolError(
    ErrorCode.InvalidParams,
    'This cursor is not valid here: pass the nextCursor of the previous resources/list answer, or none for the first page.',
    { cursor },
  );
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
    `Officina has no resource at ${uri}. It serves ${served}; resources/list lists them all.`,
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
 * subscribed to, resources/list_changed when records of a listed collection come or go or the person changes what
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
  /** The list operations of the collections whose records came or went. */
  private readonly pendingListChanged = new Set<string>();
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
            ? {
                entity: 'monitor',
                id: event.id,
                action: event.action === 'created' || event.action === 'deleted' ? event.action : 'updated',
              }
            : event.type === 'run.updated'
              ? { entity: 'run', id: event.id, action: 'updated' as const }
              : undefined;
    if (!change) return;
    for (const [uri, { operation, entity, follows }] of this.subscriptions) {
      if (entity !== change.entity) continue;
      // Any record's change may change a page of them.
      if (follows === 'any' || String(follows) === String(change.id)) this.pendingUpdates.set(uri, operation);
    }
    // resources/list lists every collection's records: their coming and going (and a document's move) changes it.
    const listedBy = COLLECTIONS.find((c) => c.entity === change.entity)?.many.operation;
    if (listedBy && change.action !== 'updated') this.pendingListChanged.add(listedBy);
    if (this.pendingUpdates.size > 0 || this.pendingListChanged.size > 0) this.queueFlush(app);
  }

  private queueFlush(app: Officina): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush(app));
  }

  private flush(app: Officina): void {
    this.flushQueued = false;
    const updates = [...this.pendingUpdates];
    const listChanged = [...this.pendingListChanged];
    const permissionsChanged = this.pendingPermissionsChanged;
    this.pendingUpdates.clear();
    this.pendingListChanged.clear();
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
    if (permissionsChanged || listChanged.some(mayRead)) {
      void this.server.sendResourceListChanged().catch(undelivered);
    }
  }
}
