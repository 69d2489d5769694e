import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Officina } from '../core/app.js';
import { startingWith, type Completion, type Completer } from './completions.js';
import { readForSuggestion } from './reads.js';

/*
 * What completion suggests for an argument, read through the catalogue as the client (so it lands in
 * the activity log and obeys the person's settings like any read). A suggestion that would read data
 * the assistant may not see (customer ids while customers are hidden, say, for a filter of orders) is
 * no suggestion rather than a refusal: the ref itself is still there to be used.
 */

const SUGGESTIONS = 20;
/** Tags have no list of their own: the newest records this many of each are looked at. */
const TAG_SAMPLE = 500;

const NONE: Completion = { values: [], total: 0, hasMore: false };

function when(app: Officina, operation: string, suggest: () => Promise<Completion>): Promise<Completion> {
  return app.catalogue.callable(operation, 'mcp') ? suggest() : Promise.resolve(NONE);
}

/** Ids (as strings) of the customers whose name or email has a word starting with `typed`, newest first. */
export function customerIds(server: Server): Completer {
  return (app, typed) =>
    when(app, 'list_customers', async () => {
      const page = await readForSuggestion(server, app, 'list_customers', {
        ...(typed.trim() ? { query: typed } : {}),
        limit: SUGGESTIONS,
        include_total: true,
      });
      if (!page) return NONE;
      const values = page.items.map((customer) => String(customer.id));
      const total = page.total ?? values.length;
      return { values, total, hasMore: total > values.length };
    });
}

/** Recent order ids whose digits start with what was typed (the newest 500 orders are looked at). */
export function orderIds(server: Server): Completer {
  return (app, typed) =>
    when(app, 'list_orders', async () => {
      const page = await readForSuggestion(server, app, 'list_orders', { limit: 500 });
      const ids = (page?.items ?? []).map((o) => String(o.id)).filter((id) => id.startsWith(typed.trim()));
      return { values: ids.slice(0, SUGGESTIONS), total: ids.length, hasMore: ids.length > SUGGESTIONS };
    });
}

/** SKUs of active products whose name, SKU or category has a word starting with what was typed. */
export function skus(server: Server): Completer {
  return (app, typed) =>
    when(app, 'search_products', async () => {
      const page = await readForSuggestion(
        server,
        app,
        'search_products',
        typed.trim() ? { query: typed, limit: SUGGESTIONS } : { limit: SUGGESTIONS },
      );
      if (!page) return NONE;
      return { values: page.items.map((p) => p.sku), hasMore: page.next_cursor !== null };
    });
}

/** Categories of active products starting with what was typed. */
export function categories(server: Server): Completer {
  return (app, typed) =>
    when(app, 'list_product_categories', async () => {
      const found = await readForSuggestion(server, app, 'list_product_categories', {});
      return startingWith(
        (found?.items ?? []).map((c) => c.category),
        typed,
      );
    });
}

/** Tags on the newest customers that start with what was typed. */
export function customerTags(server: Server): Completer {
  return (app, typed) =>
    when(app, 'list_customers', async () => {
      const page = await readForSuggestion(server, app, 'list_customers', { limit: TAG_SAMPLE });
      return startingWith(distinct((page?.items ?? []).flatMap((c) => c.tags)), typed);
    });
}

/** Tags on the most recently changed documents that start with what was typed. */
export function documentTags(server: Server): Completer {
  return (app, typed) =>
    when(app, 'list_documents', async () => {
      const page = await readForSuggestion(server, app, 'list_documents', {
        recursive: true,
        sort: 'modified',
        limit: TAG_SAMPLE,
      });
      return startingWith(distinct((page?.items ?? []).flatMap((d) => d.tags)), typed);
    });
}

/**
 * Vault paths a folder at a time, as a shell completes them: for "notes/pl", the folders ("notes/plans/")
 * and documents ("notes/plan.md") in notes/ whose names start with "pl". `folders` only: for a folder filter.
 */
export function vaultPaths(server: Server, options: { folders: boolean; documents: boolean }): Completer {
  return (app, typed) =>
    when(app, 'list_documents', async () => {
      const slash = typed.lastIndexOf('/');
      const folder = slash < 0 ? '' : typed.slice(0, slash);
      const lowerTyped = typed.toLowerCase();
      const page = await readForSuggestion(server, app, 'list_documents', {
        path: folder,
        recursive: false,
        limit: 1000,
      });
      if (!page) return NONE;
      const found = [
        ...(options.folders ? page.folders.map((f) => `${f}/`) : []),
        ...(options.documents ? page.items.map((d) => d.document_id) : []),
      ]
        .filter((path) => path.toLowerCase().startsWith(lowerTyped))
        .sort((a, b) => a.localeCompare(b));
      return { values: found.slice(0, SUGGESTIONS), total: found.length, hasMore: found.length > SUGGESTIONS };
    });
}

/**
 * Dates (YYYY-MM-DD, UTC) a report's period usually starts or ends on: today, a week and 30 days ago,
 * the first of this and last month, and of this and last year; those starting with what was typed.
 */
export const dates: Completer = (_app, typed) => {
  const today = new Date();
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const d = today.getUTCDate();
  const day = (year: number, month: number, date: number) =>
    new Date(Date.UTC(year, month, date)).toISOString().slice(0, 10);
  const values = distinct([
    day(y, m, d),
    day(y, m, d - 7),
    day(y, m, d - 30),
    day(y, m, 1),
    day(y, m - 1, 1),
    day(y, 0, 1),
    day(y - 1, 0, 1),
  ]).sort((a, b) => b.localeCompare(a));
  return Promise.resolve(startingWith(values, typed));
};

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
