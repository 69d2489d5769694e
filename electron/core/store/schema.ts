import type { Generated } from 'kysely';

/** Kysely's view of the tables. Raw SQL (FTS5) lives in store/fts.ts only. */
export interface CustomersTable {
  id: Generated<number>;
  name: string;
  email: string;
  email_normalized: string;
  phone: string | null;
  phone_e164: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_city: string | null;
  address_region: string | null;
  address_postal_code: string | null;
  address_country: string | null;
  status: 'active' | 'inactive';
  tags: string;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface ActivityTable {
  id: Generated<number>;
  at: string;
  caller_kind: string;
  caller: string;
  operation: string;
  input: string;
  outcome: string;
  error_message: string | null;
  duration_ms: number;
  process_id: string;
}

export interface ChangeFeedTable {
  id: Generated<number>;
  at: string;
  process_id: string;
  event: string;
}

export interface MigrationsTable {
  id: number;
  name: string;
  applied_at: string;
}

export interface DB {
  customers: CustomersTable;
  settings: SettingsTable;
  activity: ActivityTable;
  change_feed: ChangeFeedTable;
  schema_migrations: MigrationsTable;
}
