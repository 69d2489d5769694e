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
  const parts = [sql`customers_fts MATCH ${search.match}`, sql`c.deleted_at IS NULL`];
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

/* ---- Documents: word index (unicode61) and trigram index (CJK), keyed by the document's id ---- */

export interface DocumentText {
  title: string;
  path: string;
  tags: string;
  body: string;
}

export function deleteDocumentText(id: number): RawBuilder<unknown>[] {
  return [sql`DELETE FROM documents_fts WHERE rowid = ${id}`, sql`DELETE FROM documents_trigram WHERE rowid = ${id}`];
}

export function insertDocumentText(id: number, text: DocumentText): RawBuilder<unknown>[] {
  return [
    sql`INSERT INTO documents_fts (rowid, title, path, tags, body) VALUES (${id}, ${text.title}, ${text.path}, ${text.tags}, ${text.body})`,
    sql`INSERT INTO documents_trigram (rowid, body) VALUES (${id}, ${text.body})`,
  ];
}

/** The indexed body of a document, kept when only its path or metadata change. */
export function documentBody(id: number): RawBuilder<{ body: string }> {
  return sql<{ body: string }>`SELECT body FROM documents_fts WHERE rowid = ${id}`;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export function needsTrigram(query: string): boolean {
  return CJK.test(query);
}

export interface DocumentSearch {
  query: string;
  /** Extra conditions on `d` (documents), already built. */
  where: RawBuilder<unknown>;
  /** Whether `where` filters anything (else the page is ranked and cut inside the index). */
  filtered: boolean;
  limit: number;
  offset: number;
}

export interface DocumentHitRow {
  id: number;
  snippet: string;
  score: number;
}

/**
 * Ranked hits with a snippet. Words go to the unicode61 index (prefix match, bm25 weighting title
 * and path above tags and body). Text in scripts written without spaces goes to the trigram index,
 * as a phrase; a query shorter than a trigram falls back to a substring scan of it.
 */
export function searchDocumentText(search: DocumentSearch): RawBuilder<DocumentHitRow> | null {
  const { query, where, limit, offset } = search;
  if (needsTrigram(query)) {
    const phrase = query.normalize('NFKC').trim();
    if ([...phrase].length >= 3) {
      return sql<DocumentHitRow>`
        SELECT d.id, snippet(documents_trigram, 0, '«', '»', '…', 16) AS snippet, -bm25(documents_trigram) AS score
        FROM documents_trigram t JOIN documents d ON d.id = t.rowid
        WHERE documents_trigram MATCH ${`"${phrase.replaceAll('"', '""')}"`} AND d.deleted_at IS NULL AND ${where}
        ORDER BY bm25(documents_trigram), d.id LIMIT ${limit} OFFSET ${offset}`;
    }
    return sql<DocumentHitRow>`
      SELECT d.id, substr(t.body, max(1, instr(t.body, ${phrase}) - 40), 100) AS snippet, 0 AS score
      FROM documents_trigram t JOIN documents d ON d.id = t.rowid
      WHERE instr(t.body, ${phrase}) > 0 AND d.deleted_at IS NULL AND ${where}
      ORDER BY d.path LIMIT ${limit} OFFSET ${offset}`;
  }
  const match = prefixMatchExpression(query);
  if (!match) return null;
  if (!search.filtered) {
    // Nothing to check on the documents table: rank and cut the page inside the index, then join that
    // page only (a frequent word matches most documents; joining each before the LIMIT took 4×).
    // Deleted documents are not in the index; the outer check is a safety net.
    return sql<DocumentHitRow>`
      SELECT d.id, h.snippet, h.score FROM (
        SELECT rowid AS id, snippet(documents_fts, 3, '«', '»', '…', 16) AS snippet,
               -bm25(documents_fts, 6.0, 4.0, 3.0, 1.0) AS score
        FROM documents_fts WHERE documents_fts MATCH ${match}
        ORDER BY bm25(documents_fts, 6.0, 4.0, 3.0, 1.0), rowid LIMIT ${limit} OFFSET ${offset}
      ) h JOIN documents d ON d.id = h.id
      WHERE d.deleted_at IS NULL
      ORDER BY h.score DESC, h.id`;
  }
  return sql<DocumentHitRow>`
    SELECT d.id, snippet(documents_fts, 3, '«', '»', '…', 16) AS snippet,
           -bm25(documents_fts, 6.0, 4.0, 3.0, 1.0) AS score
    FROM documents_fts f JOIN documents d ON d.id = f.rowid
    WHERE documents_fts MATCH ${match} AND d.deleted_at IS NULL AND ${where}
    ORDER BY bm25(documents_fts, 6.0, 4.0, 3.0, 1.0), d.id LIMIT ${limit} OFFSET ${offset}`;
}
