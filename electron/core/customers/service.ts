import { sql, type ExpressionBuilder } from 'kysely';
import type * as PhoneNumbers from 'libphonenumber-js/min';
import type { CountryCode as PhoneCountry } from 'libphonenumber-js/min';
import type { z } from 'zod';
import type {
  Address,
  Customer,
  createCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
  deleteCustomer,
} from '../../../shared/customers.js';
import { OpError } from '../../../shared/errors.js';
import type { Clock, EventSink } from '../catalogue/context.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { countCustomerMatches, customerIdsMatching, prefixMatchExpression, searchCustomers } from '../store/fts.js';
import type { CustomersTable, DB } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { SettingsService } from '../settings/service.js';
import { lazyModule } from '../common/lazy-module.js';

const phoneNumbers = lazyModule<typeof PhoneNumbers>('libphonenumber-js/min');

type Row = Omit<CustomersTable, 'id'> & { id: number };
type CreateInput = z.output<typeof createCustomer.input>;
type GetInput = z.output<typeof getCustomer.input>;
type UpdateInput = z.output<typeof updateCustomer.input>;
type ListInput = z.output<typeof listCustomers.input>;
type DeleteInput = z.output<typeof deleteCustomer.input>;

export interface CustomerPage {
  items: Customer[];
  next_cursor: string | null;
  total?: number;
}

export class CustomersService {
  private readonly store: Store;
  private readonly settings: SettingsService;
  private readonly clock: Clock;
  /** By id, as every order and payment looks its customer up: compiled once. */
  private readonly byIdQuery;

  constructor(deps: { store: Store; settings: SettingsService; clock: Clock }) {
    this.store = deps.store;
    this.settings = deps.settings;
    this.clock = deps.clock;
    // Customers in the trash are out of reach of every operation but the trash's own.
    this.byIdQuery = this.store.prepare((q, id: number) =>
      q.selectFrom('customers').selectAll().where('id', '=', id).where('deleted_at', 'is', null),
    );
  }

  create(input: CreateInput, events: EventSink): Customer {
    const emailNormalized = normalizeEmail(input.email);
    this.assertEmailFree(emailNormalized, undefined);
    const now = this.clock.now().toISOString();
    const { lastInsertRowid: id } = this.store.run(
      this.store.query.insertInto('customers').values({
        name: input.name,
        email: input.email,
        email_normalized: emailNormalized,
        ...this.phoneColumns(input.phone ?? null, input.address?.country),
        ...addressColumns(input.address ?? null),
        status: input.status,
        tags: JSON.stringify(input.tags ?? []),
        notes: emptyToNull(input.notes),
        version: 1,
        created_at: now,
        updated_at: now,
      }),
    );
    events.emit({ type: 'record.changed', entity: 'customer', id, action: 'created' });
    return this.byId(id);
  }

  get(input: GetInput): Customer {
    if (input.customer_id !== undefined) return this.byId(input.customer_id);
    const email = input.email ?? '';
    const row = this.store.first(
      this.store.query
        .selectFrom('customers')
        .selectAll()
        .where('email_normalized', '=', normalizeEmail(email))
        .where('deleted_at', 'is', null),
    );
    if (!row)
      throw new OpError('not_found', `No customer has the email ${email}.`, [
        { path: 'email', message: 'No such customer' },
      ]);
    return toCustomer(row);
  }

  byIdOrNull(id: number): Customer | null {
    const row = this.byIdQuery.first(id);
    return row ? toCustomer(row) : null;
  }

  byId(id: number): Customer {
    const row = this.byIdQuery.first(id);
    if (!row) throw this.notFound(id);
    return toCustomer(row);
  }

  /** Not there, or in the trash: the answer says which, and how to get it back. */
  private notFound(id: number): OpError {
    const trashed = this.store.first(
      this.store.query.selectFrom('customers').select('name').where('id', '=', id).where('deleted_at', 'is not', null),
    );
    if (!trashed) return notFound(id);
    return new OpError(
      'not_found',
      `Customer ${id} (${trashed.name}) is in the trash; restore it with restore_customer to use it again.`,
      [{ path: 'customer_id', message: 'In the trash' }],
    );
  }

  update(input: UpdateInput, events: EventSink): Customer {
    const { customer_id: id, expected_version: expectedVersion, ...fields } = input;
    if (Object.keys(fields).length === 0) {
      throw new OpError('invalid_input', 'Nothing to update: give at least one field to change besides customer_id.');
    }
    const current = this.byIdQuery.first(id);
    if (!current) throw this.notFound(id);
    assertVersion(current, expectedVersion);

    const changes: Partial<Row> = {};
    if (fields.name !== undefined) changes.name = fields.name;
    if (fields.email !== undefined) {
      changes.email = fields.email;
      changes.email_normalized = normalizeEmail(fields.email);
      this.assertEmailFree(changes.email_normalized, id);
    }
    if (fields.address !== undefined) Object.assign(changes, addressColumns(fields.address));
    // A number is read in the customer's country: a new phone, or the same one once the country changes.
    if (fields.phone !== undefined || fields.address !== undefined) {
      const country = fields.address !== undefined ? changes.address_country : current.address_country;
      Object.assign(changes, this.phoneColumns(fields.phone !== undefined ? fields.phone : current.phone, country));
    }
    if (fields.status !== undefined) changes.status = fields.status;
    if (fields.tags !== undefined) changes.tags = JSON.stringify(fields.tags ?? []);
    if (fields.notes !== undefined) changes.notes = emptyToNull(fields.notes);

    const result = this.store.run(
      this.store.query
        .updateTable('customers')
        .set({ ...changes, version: current.version + 1, updated_at: this.clock.now().toISOString() })
        .where('id', '=', id)
        .where('version', '=', current.version),
    );
    // The version guard also catches a write from another process between our read and this update.
    if (result.changes === 0) throw staleVersion(id, expectedVersion ?? current.version);
    events.emit({ type: 'record.changed', entity: 'customer', id, action: 'updated' });
    return this.byId(id);
  }

  /**
   * Moves a customer to the trash: out of every list and lookup, restorable with the same id. A
   * customer with orders or payments stays: their history must keep pointing at a customer in use.
   */
  delete(input: DeleteInput, events: EventSink): { id: number; deleted: true } {
    const id = input.customer_id;
    const current = this.byIdQuery.first(id);
    if (!current) throw this.notFound(id);
    assertVersion(current, input.expected_version);
    if (this.isReferenced(id)) {
      throw new OpError(
        'conflict',
        `Customer ${id} (${current.name}) has orders or other records and cannot be deleted; set their status to "inactive" with update_customer instead.`,
      );
    }
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('customers')
        .set({ deleted_at: now, version: current.version + 1, updated_at: now })
        .where('id', '=', id),
    );
    events.emit({ type: 'record.changed', entity: 'customer', id, action: 'deleted' });
    return { id, deleted: true };
  }

  /**
   * Whether any record points at the customer: a trial DELETE, rolled back, lets the foreign keys
   * answer for every table that refers to customers (those of domains added later too).
   */
  private isReferenced(id: number): boolean {
    const { sqlite } = this.store;
    sqlite.exec('SAVEPOINT customer_reference_check');
    try {
      sqlite.prepare('DELETE FROM customers WHERE id = ?').run(id);
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return true;
      throw error;
    } finally {
      sqlite.exec('ROLLBACK TO customer_reference_check');
      sqlite.exec('RELEASE customer_reference_check');
    }
  }

  /** Takes a customer out of the trash, as it was. */
  restore(id: number, events: EventSink): Customer {
    const row = this.trashedRow(id);
    const clash = this.store.first(
      this.store.query
        .selectFrom('customers')
        .select(['id', 'email'])
        .where('email_normalized', '=', row.email_normalized)
        .where('id', '!=', id)
        .where('deleted_at', 'is', null),
    );
    if (clash) {
      throw new OpError(
        'conflict',
        `Customer ${clash.id} now has the email ${clash.email}; change or delete that customer before restoring ${row.name}.`,
      );
    }
    const now = this.clock.now().toISOString();
    this.store.run(
      this.store.query
        .updateTable('customers')
        .set({ deleted_at: null, version: row.version + 1, updated_at: now })
        .where('id', '=', id),
    );
    events.emit({ type: 'record.changed', entity: 'customer', id, action: 'created' });
    return this.byId(id);
  }

  /** Deletes a customer in the trash for good. */
  purge(id: number, events: EventSink): { id: number; name: string } {
    const row = this.trashedRow(id);
    this.store.run(this.store.query.deleteFrom('customers').where('id', '=', id));
    events.emit({ type: 'record.changed', entity: 'customer', id, action: 'deleted' });
    return { id, name: row.name };
  }

  /** The tags of customers not in the trash, most used first. */
  tags(): { items: { tag: string; customers: number }[]; next_cursor: null } {
    const rows = this.store.all(
      this.store.raw(sql<{ tag: string; customers: number }>`
        SELECT t.value AS tag, COUNT(*) AS customers FROM customers c, json_each(c.tags) t
        WHERE c.deleted_at IS NULL GROUP BY t.value ORDER BY customers DESC, t.value LIMIT 500`),
    );
    return { items: rows, next_cursor: null };
  }

  /** Customers in the trash, most recently deleted first. */
  trashed(): { id: number; name: string; detail: string; deleted_at: string }[] {
    return this.store
      .all(
        this.store.query
          .selectFrom('customers')
          .select(['id', 'name', 'email', 'deleted_at'])
          .where('deleted_at', 'is not', null)
          .orderBy('deleted_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1000),
      )
      .map((r) => ({ id: r.id, name: r.name, detail: r.email, deleted_at: r.deleted_at ?? '' }));
  }

  private trashedRow(id: number): Row {
    const row = this.store.first(this.store.query.selectFrom('customers').selectAll().where('id', '=', id));
    if (!row) throw notFound(id);
    if (row.deleted_at === null) {
      throw new OpError('conflict', `Customer ${id} (${row.name}) is not in the trash.`, [
        { path: 'customer_id', message: 'Not in the trash' },
      ]);
    }
    return row;
  }

  list(input: ListInput): CustomerPage {
    if (input.cursor !== undefined && input.offset > 0) {
      throw new OpError('invalid_input', 'Give cursor or offset, not both.', [
        { path: 'offset', message: 'Not allowed with cursor' },
      ]);
    }
    const query = input.query?.trim() ?? '';
    if (query.includes('@') && isEmailLike(query)) return this.listByEmail(query, input);
    // A phone number, whole or in part ("555 0132", "+1 415"): compared by its digits.
    const digits = query.replace(/\D/g, '');
    if (/^[+\d\s()./-]+$/.test(query) && digits.length >= 4) return this.scan(null, input, digits);
    const match = query ? prefixMatchExpression(query) : null;
    if (match && input.sort !== 'name') return this.search(match, input);
    return this.scan(match, input);
  }

  private listByEmail(email: string, input: ListInput): CustomerPage {
    let q = this.store.query
      .selectFrom('customers')
      .selectAll()
      .where('email_normalized', '=', normalizeEmail(email))
      .where('deleted_at', 'is', null);
    if (input.status) q = q.where('status', '=', input.status);
    if (input.tag) q = q.where(hasTag(input.tag));
    const rows = input.cursor || input.offset > 0 ? [] : this.store.all(q);
    return withTotal({ items: rows.map(toCustomer), next_cursor: null }, input.include_total ? rows.length : undefined);
  }

  private search(match: string, input: ListInput): CustomerPage {
    const descending = input.sort !== 'oldest';
    const afterId = input.cursor
      ? (decodeCursor(`customers:${input.sort}`, input.cursor, ['number'])[0] as number)
      : undefined;
    const rows = this.store.all(
      this.store.raw(
        searchCustomers({
          match,
          status: input.status,
          tag: input.tag,
          afterId,
          descending,
          limit: input.limit + 1,
          offset: input.offset,
        }),
      ),
    );
    const page = this.page(rows, input, (last) => [last.id]);
    if (!input.include_total) return page;
    const total =
      this.store.first(this.store.raw(countCustomerMatches({ match, status: input.status, tag: input.tag })))?.total ??
      0;
    return withTotal(page, total);
  }

  /** Plain or name-sorted listing; `match` (when sorting by name) narrows it to search hits. */
  private scan(match: string | null, input: ListInput, phoneDigits?: string): CustomerPage {
    const { query } = this.store;
    let filtered = query.selectFrom('customers').where('deleted_at', 'is', null);
    if (phoneDigits !== undefined) {
      const digitsOfPhone = sql<string>`replace(replace(replace(replace(replace(replace(coalesce(phone, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '/', '')`;
      filtered = filtered.where((eb) =>
        eb.or([eb('phone_e164', 'like', `%${phoneDigits}%`), eb(digitsOfPhone, 'like', `%${phoneDigits}%`)]),
      );
    }
    if (input.status) filtered = filtered.where('status', '=', input.status);
    if (input.tag) filtered = filtered.where(hasTag(input.tag));
    if (match) filtered = filtered.where('id', 'in', customerIdsMatching(match));

    let ids = filtered.select('id');
    if (input.sort === 'name') {
      ids = ids.orderBy(nameNoCase).orderBy('id');
      if (input.cursor) {
        const [name, id] = decodeCursor('customers:name', input.cursor, ['string', 'number']) as [string, number];
        // `name >= ? AND (name > ? OR id > ?)` lets SQLite seek the name index to the cursor; the
        // equivalent `name > ? OR (name = ? AND id > ?)` scans it from the start (40 ms deep in 1M rows).
        ids = ids.where(({ eb, or, and }) =>
          and([eb(nameNoCase, '>=', name), or([eb(nameNoCase, '>', name), eb('id', '>', id)])]),
        );
      }
    } else {
      const descending = input.sort === 'newest';
      ids = ids.orderBy('id', descending ? 'desc' : 'asc');
      if (input.cursor) {
        const [id] = decodeCursor(`customers:${input.sort}`, input.cursor, ['number']) as [number];
        ids = ids.where('id', descending ? '<' : '>', id);
      }
    }
    // Page over the (covering) index first, then fetch whole rows for that page only: a deep offset
    // skips index entries, not table rows.
    ids = ids.limit(input.limit + 1).offset(input.offset);
    const pageIds = this.store.all(ids).map((r) => r.id);
    const byId = new Map(
      pageIds.length
        ? this.store
            .all(query.selectFrom('customers').selectAll().where('id', 'in', pageIds))
            .map((r) => [r.id, r] as const)
        : [],
    );
    const rows = pageIds.map((id) => byId.get(id)).filter((r): r is Row => r !== undefined);
    const page = this.page(rows, input, (last) => (input.sort === 'name' ? [last.name, last.id] : [last.id]));
    if (!input.include_total) return page;
    const total = this.store.first(filtered.select((eb) => eb.fn.countAll<number>().as('total')))?.total ?? 0;
    return withTotal(page, total);
  }

  private page(rows: Row[], input: ListInput, key: (last: Row) => (string | number)[]): CustomerPage {
    const hasMore = rows.length > input.limit;
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    return {
      items: items.map(toCustomer),
      next_cursor: hasMore && last ? encodeCursor(`customers:${input.sort}`, key(last)) : null,
    };
  }

  private assertEmailFree(emailNormalized: string, exceptId: number | undefined): void {
    const existing = this.store.first(
      this.store.query
        .selectFrom('customers')
        .select(['id', 'email', 'deleted_at'])
        .where('email_normalized', '=', emailNormalized),
    );
    if (existing && existing.id !== exceptId && existing.deleted_at !== null) {
      throw new OpError(
        'conflict',
        `A customer with the email ${existing.email} is in the trash (id ${existing.id}); restore it with restore_customer, or delete it for good from the trash first.`,
        [{ path: 'email', message: 'A customer in the trash has this email' }],
      );
    }
    if (existing && existing.id !== exceptId) {
      throw new OpError('conflict', `A customer with the email ${existing.email} already exists (id ${existing.id}).`, [
        { path: 'email', message: 'Another customer has this email' },
      ]);
    }
  }

  /** A number without a country code is read in the customer's country, else in Settings' country. */
  private phoneColumns(phone: string | null, country: string | null | undefined): Pick<Row, 'phone' | 'phone_e164'> {
    if (phone === null || phone === '') return { phone: null, phone_e164: null };
    const parsed = phoneNumbers().parsePhoneNumberFromString(
      phone,
      (country || this.settings.get().default_country) as PhoneCountry,
    );
    return { phone, phone_e164: parsed?.isValid() ? parsed.number : null };
  }
}

/** Sorting by name uses the `customers_name_id` index, which is declared COLLATE NOCASE. */
const nameNoCase = sql<string>`name COLLATE NOCASE`;

function hasTag(tag: string) {
  return (eb: ExpressionBuilder<DB, 'customers'>) =>
    eb.exists(sql`(SELECT 1 FROM json_each(customers.tags) WHERE json_each.value = ${tag})`);
}

function toCustomer(row: Row): Customer {
  const parts: Address = {
    ...(row.address_line1 ? { line1: row.address_line1 } : {}),
    ...(row.address_line2 ? { line2: row.address_line2 } : {}),
    ...(row.address_city ? { city: row.address_city } : {}),
    ...(row.address_region ? { region: row.address_region } : {}),
    ...(row.address_postal_code ? { postal_code: row.address_postal_code } : {}),
    ...(row.address_country ? { country: row.address_country } : {}),
  };
  // A city and country without a street is an address too.
  const address: Address | null = Object.keys(parts).length > 0 ? parts : null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    phone_e164: row.phone_e164,
    address,
    status: row.status,
    tags: JSON.parse(row.tags) as string[],
    notes: row.notes,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

type AddressColumns = Pick<
  Row,
  'address_line1' | 'address_line2' | 'address_city' | 'address_region' | 'address_postal_code' | 'address_country'
>;

function addressColumns(address: Address | null): AddressColumns {
  return {
    address_line1: emptyToNull(address?.line1),
    address_line2: emptyToNull(address?.line2),
    address_city: emptyToNull(address?.city),
    address_region: emptyToNull(address?.region),
    address_postal_code: emptyToNull(address?.postal_code),
    address_country: emptyToNull(address?.country),
  };
}

function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** Emails compare case-insensitively (the local part is case-sensitive by RFC, but no one relies on it). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isEmailLike(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

function notFound(id: number): OpError {
  return new OpError('not_found', `There is no customer with id ${id}.`, [
    { path: 'customer_id', message: 'No such customer' },
  ]);
}

function assertVersion(row: Row, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version) throw staleVersion(row.id, expected, row.version);
}

function staleVersion(id: number, expected: number, current?: number): OpError {
  const now = current === undefined ? '' : ` (it is at version ${current}, you had ${expected})`;
  return new OpError(
    'conflict',
    `Customer ${id} was changed by someone else since you read it${now}; read it again and reapply your change.`,
    [{ path: 'expected_version', message: 'Stale version' }],
  );
}

function withTotal(page: CustomerPage, total: number | undefined): CustomerPage {
  return total === undefined ? page : { ...page, total };
}
