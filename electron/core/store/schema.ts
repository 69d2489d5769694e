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
  /** Set while the customer is in the trash. */
  deleted_at: string | null;
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
  is_read: Generated<number>;
  subject_entity: string | null;
  subject_id: string | null;
  subject_name: string | null;
  /** JSON { before, after } of the fields an update changed. */
  changes: string | null;
  /** JSON UndoPlan: how the person may reverse this call. */
  undo: string | null;
  undone_at: string | null;
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

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  description: string | null;
  category: string | null;
  price_minor: number;
  currency: string;
  weight_grams: number;
  tags: string;
  status: 'active' | 'archived';
  on_hand: number;
  reserved: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** Set while the product is in the trash. */
  deleted_at: string | null;
  /** Available at or below this (and above 0) is "low stock"; 0 never warns. */
  low_stock_threshold: number;
}

export interface OrdersTable {
  id: Generated<number>;
  customer_id: number;
  status: string;
  currency: string;
  /** The items after the discount (migration 016): total_minor = subtotal_minor + shipping_minor + tax_minor. */
  subtotal_minor: number;
  shipping_minor: number;
  tax_minor: number;
  tax_rate_bps: number;
  total_minor: number;
  paid_minor: number;
  refunded_minor: number;
  /** Taken off the items before tax; for a percent discount, what the percent came to. */
  discount_minor: number;
  /** The percent (in basis points) when the discount was given as one, else null. */
  discount_percent_bps: number | null;
  /** The order's reference in the file it was imported from (migration 018); null for orders made here. */
  import_ref: string | null;
  shipping_service: string | null;
  shipping_address: string | null;
  notes: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price_minor: number;
  line_total_minor: number;
  weight_grams: number;
  shipped_quantity: number;
}

export interface OrderStatusHistoryTable {
  id: Generated<number>;
  order_id: number;
  from_status: string | null;
  to_status: string;
  note: string | null;
  actor: string;
  at: string;
}

export interface ReservationsTable {
  id: Generated<number>;
  product_id: number;
  order_id: number | null;
  quantity: number;
  status: 'active' | 'released' | 'expired' | 'consumed';
  expires_at: string | null;
  actor: string;
  created_at: string;
  ended_at: string | null;
}

export interface StockMovementsTable {
  id: Generated<number>;
  product_id: number;
  kind: string;
  on_hand_delta: number;
  reserved_delta: number;
  on_hand_after: number;
  reserved_after: number;
  reason: string | null;
  order_id: number | null;
  reservation_id: number | null;
  shipment_id: number | null;
  actor: string;
  at: string;
}

export interface PaymentsTable {
  id: Generated<number>;
  transaction_id: string;
  order_id: number | null;
  customer_id: number | null;
  customer_info: string;
  amount_minor: number;
  currency: string;
  method: string;
  provider: string;
  status: 'succeeded';
  refunded_minor: number;
  reference: string | null;
  note: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  actor: string;
  created_at: string;
}

export interface RefundsTable {
  id: Generated<number>;
  refund_id: string;
  payment_id: number;
  amount_minor: number;
  reason: string | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  actor: string;
  created_at: string;
}

export interface RefundItemsTable {
  id: Generated<number>;
  refund_id: number;
  order_item_id: number;
  quantity: number;
  /** Of `quantity`, the units that had shipped (the rest were cancelled before shipping). */
  shipped_quantity: number;
  restocked_quantity: number;
  amount_minor: number;
}

export interface ShippingRatesTable {
  service: string;
  currency: string;
  label: string;
  base_minor: number;
  per_kg_minor: number;
  value_bps: number;
  multiplier_pct: number;
  updated_at: string;
}

export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number | null;
  service: string;
  carrier: string | null;
  tracking: string | null;
  status: string;
  destination: string;
  items: string;
  weight_grams: number;
  declared_value_minor: number;
  cost_minor: number;
  currency: string;
  history: string;
  actor: string;
  created_at: string;
  updated_at: string;
}

export interface DocumentsTable {
  id: Generated<number>;
  /** Vault-relative, "/" between folders, in Unicode NFC (migration 008): the document_id. */
  path: string;
  path_key: string;
  /** The file's name on disk when it is not `path` (a name in NFD, as macOS gives them); else null. */
  disk_path: string | null;
  file_type: string;
  size: number;
  mtime_ms: number;
  hash: string;
  title: string | null;
  status: string;
  tags: string;
  custom: string;
  file_metadata: string;
  extract_error: string | null;
  indexed_bytes: number;
  deleted_at: string | null;
  trash_name: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionsTable {
  id: Generated<number>;
  document_id: number;
  /** 1, 2, 3… per document (migration 006); `id` is global. */
  number: number;
  blob: string;
  size: number;
  path: string;
  reason: string;
  actor: string;
  created_at: string;
}

export interface BlobsTable {
  hash: string;
  size: number;
  stored_bytes: number;
  created_at: string;
}

/** Content of the blobs kept in the database (004); a blob without a row here is a file. */
export interface BlobDataTable {
  hash: string;
  content: Buffer;
}

export interface DocumentReviewsTable {
  id: Generated<number>;
  document_id: number;
  from_status: string;
  to_status: string;
  comment: string | null;
  actor: string;
  at: string;
}

/** `officina serve`'s sign-in (migration 007); secrets and codes as sha256 hex. */
export interface PersonSessionsTable {
  id: Generated<number>;
  secret_hash: string;
  previous_hash: string | null;
  previous_valid_until: string | null;
  created_at: string;
  rotated_at: string;
  last_used_at: string;
  expires_at: string;
}

export interface LoginCodesTable {
  code_hash: string;
  created_at: string;
  expires_at: string;
}

export interface ServeAddressesTable {
  url: string;
  pid: number;
  started_at: string;
}

export interface MonitorsTable {
  id: Generated<number>;
  url: string;
  name: string;
  selectors: string | null;
  ignore_selectors: string;
  ignore_patterns: string;
  interval_minutes: number | null;
  respect_robots: number;
  enabled: number;
  status: string;
  last_checked_at: string | null;
  last_changed_at: string | null;
  next_check_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  consecutive_misses: number;
  change_count: number;
  etag: string | null;
  last_modified: string | null;
  created_at: string;
  updated_at: string;
  render: string;
  webhook_url: string | null;
}

export interface MonitorNotificationsTable {
  id: Generated<number>;
  monitor_id: number;
  snapshot_id: number | null;
  created_at: string;
  title: string;
  body: string;
  diff: string;
  added_lines: number;
  removed_lines: number;
  read_at: string | null;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  notification_id: number;
  channel: string;
  target: string;
  state: string;
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface MonitorSnapshotsTable {
  id: Generated<number>;
  monitor_id: number;
  taken_at: string;
  content: string;
  hash: string;
  changed: number;
  diff: string | null;
  added_lines: number;
  removed_lines: number;
}

export interface WorkflowsTable {
  workflow_id: string;
  name: string;
  description: string | null;
  version: number;
  enabled: number;
  trigger: string;
  max_concurrent: number | null;
  created_by: string;
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  definition: string;
  created_by: string;
  created_at: string;
}

export interface WorkflowRunsTable {
  id: Generated<number>;
  workflow_id: string;
  version: number;
  status: string;
  context: string;
  rights: string;
  started_by: string;
  trigger: string;
  parent_run_id: number | null;
  depth: number;
  retry_of: number | null;
  current_step: string | null;
  error: string | null;
  error_step: string | null;
  wake_at: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  updated_at: string;
  /** JSON: the workflows whose runs led to this one, oldest first. */
  chain: Generated<string>;
  caused_by_run: number | null;
  skipped_events: Generated<number>;
}

export interface WorkflowStepRunsTable {
  id: Generated<number>;
  run_id: number;
  step_id: string;
  item: number;
  status: string;
  input: string | null;
  output: string | null;
  error: string | null;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface DB {
  customers: CustomersTable;
  settings: SettingsTable;
  activity: ActivityTable;
  change_feed: ChangeFeedTable;
  schema_migrations: MigrationsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_status_history: OrderStatusHistoryTable;
  reservations: ReservationsTable;
  stock_movements: StockMovementsTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  refund_items: RefundItemsTable;
  shipping_rates: ShippingRatesTable;
  shipments: ShipmentsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_reviews: DocumentReviewsTable;
  blobs: BlobsTable;
  blob_data: BlobDataTable;
  person_sessions: PersonSessionsTable;
  login_codes: LoginCodesTable;
  serve_addresses: ServeAddressesTable;
  monitors: MonitorsTable;
  monitor_snapshots: MonitorSnapshotsTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  workflow_runs: WorkflowRunsTable;
  workflow_step_runs: WorkflowStepRunsTable;
  monitor_notifications: MonitorNotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
}
