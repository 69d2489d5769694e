import { sql, type RawBuilder } from 'kysely';
import type { CustomersTable } from './schema.js';

/**
 * The FTS5-specific SQL, kept in one module (DESIGN.md, "Store"): another backend replaces this file.
 */

const MAX_TOKENS = 8;

/** "jo  Smi" → `"jo"* "smi"*`: every word must start a word of the document; null when nothing to search. */
export function prefixMatchExpression(query: string): string | null {
  const tokens = query
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TOKENS);
  if (tokens.length === 0) return null;
  return tokens.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' ');
}

/** The ids of customers whose name or email match, as a subquery for `id IN (...)`. */
export function customerIdsMatching(match: string): RawBuilder<number> {
  return sql<number>`(SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${match})`;
}

type CustomerRow = Omit<CustomersTable, 'id'> & { id: number };

export interface CustomerSearch {
  match: string;
  status?: string | undefined;
  tag?: string | undefined;
  /** Keyset: only ids beyond this one in the sort direction. */
  afterId?: number | undefined;
  descending: boolean;
  limit: number;
  offset: number;
}

function filters(search: Omit<CustomerSearch, 'limit' | 'offset' | 'descending'> & { descending?: boolean }) {
  const parts = [sql`customers_fts MATCH ${search.match}`];
  if (search.status) parts.push(sql`c.status = ${search.status}`);
  if (search.tag) parts.push(sql`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ${search.tag})`);
  if (search.afterId !== undefined) {
    parts.push(search.descending ? sql`f.rowid < ${search.afterId}` : sql`f.rowid > ${search.afterId}`);
  }
  return sql.join(parts, sql` AND `);
}

/**
 * The FTS table drives the query in rowid order, so LIMIT stops after the first page of matches
 * instead of sorting all of them (a one-letter prefix can match most of a million rows).
 */
export function searchCustomers(search: CustomerSearch): RawBuilder<CustomerRow> {
  const direction = search.descending ? sql`DESC` : sql`ASC`;
  return sql<CustomerRow>`
    SELECT c.* FROM customers_fts f JOIN customers c ON c.id = f.rowid
    WHERE ${filters(search)}
    ORDER BY f.rowid ${direction}
    LIMIT ${search.limit} OFFSET ${search.offset}`;
}

export function countCustomerMatches(
  search: Pick<CustomerSearch, 'match' | 'status' | 'tag'>,
): RawBuilder<{ total: number }> {
  return sql<{ total: number }>`
    SELECT count(*) AS total FROM customers_fts f JOIN customers c ON c.id = f.rowid
    WHERE ${filters(search)}`;
}
