import { join } from 'node:path';
import type { DataKind } from '../shared/data-kinds.js';
import type { Officina } from '../electron/core/app.js';
import type { Caller } from '../electron/core/catalogue/context.js';
import type { Face } from '../shared/operation.js';

/**
 * Values that exist in one kind of data only, put there by the person. When the person hides a kind
 * from assistants, none of its values may reach an assistant by any path.
 */
export const SENTINELS: Record<DataKind, readonly string[]> = {
  customers: [
    'Zenobia Sentinel',
    'zenobia@sentinel.test',
    '7 Sentinel Row',
    'SENTINEL-CUSTOMER-NOTE',
    'Quintus Sentinel',
    'quintus@sentinel.test',
    'SENTINEL-PAYER',
  ],
  sales: ['Sentinel Widget', 'SNTL-WIDGET', 'SENTINEL-ORDER-NOTE', 'SENTINEL-PAYMENT-REF', 'SENTINEL-TRACKING'],
  documents: [
    'SENTINEL-DOC-BODY',
    'SENTINEL-DOC-TITLE',
    'SENTINEL-DOC-REVIEW',
    'SENTINEL-DOC-CSV',
    'sentinel-named',
    'SENTINEL-DOC-TAG',
  ],
  activity: ['SENTINEL-ACTIVITY'],
};

/** The sentinels of `kind` that `text` carries. */
export function leaks(text: string, kind: DataKind): string[] {
  return SENTINELS[kind].filter((sentinel) => text.includes(sentinel));
}

export interface Seeded {
  vault: string;
  customerId: number;
  inactiveCustomerId: number;
  productId: number;
  /** Paid and shipped (shipmentId). */
  shippedOrderId: number;
  /** Paid, nothing shipped yet. */
  paidOrderId: number;
  /** Pending: takes a payment. */
  pendingOrderId: number;
  /** Pending: can be cancelled. */
  cancellableOrderId: number;
  pendingBalance: number;
  transactionId: string;
  shipmentId: number;
  reservationId: number;
  firstVersionId: number;
  deletedDocumentId: number;
}

type Call = (name: string, input: unknown, caller?: Caller, face?: Face) => ReturnType<Officina['catalogue']['call']>;

/** Seeds every kind of data through the person's face (the UI), each carrying its sentinels. */
export async function seedSentinels(app: Officina, vault: string): Promise<Seeded> {
  const person: Call = (name, input) =>
    app.catalogue.call(name, input, { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' });
  const data = async <T = Record<string, unknown>>(name: string, input: unknown): Promise<T> => {
    const envelope = await person(name, input);
    if (!envelope.ok) throw new Error(`seeding ${name} failed: ${envelope.error.message}`);
    return envelope.data as T;
  };

  const zenobia = await data<{ id: number }>('create_customer', {
    name: 'Zenobia Sentinel',
    email: 'zenobia@sentinel.test',
    phone: '+1 415 555 0134',
    address: { line1: '7 Sentinel Row', city: 'Springfield', country: 'US' },
    notes: 'SENTINEL-CUSTOMER-NOTE',
  });
  const quintus = await data<{ id: number }>('create_customer', {
    name: 'Quintus Sentinel',
    email: 'quintus@sentinel.test',
    status: 'inactive',
  });
  const product = await data<{ id: number }>('create_product', {
    sku: 'SNTL-WIDGET',
    name: 'Sentinel Widget',
    price: 10,
    weight_kg: 1,
    category: 'widgets',
    initial_stock: 100,
  });
  const order = async (note: string) =>
    data<{ id: number; balance_due: number }>('create_order', {
      customer_id: zenobia.id,
      items: [{ product_id: product.id, quantity: 2 }],
      notes: note,
    });
  const pay = (o: { id: number; balance_due: number }) =>
    data<{ transaction_id: string }>('process_payment', {
      order_id: o.id,
      amount: o.balance_due,
      currency: 'USD',
      payment_method: 'cash',
      reference: 'SENTINEL-PAYMENT-REF',
    });
  const shipped = await order('SENTINEL-ORDER-NOTE');
  const payment = await pay(shipped);
  const shipment = await data<{ id: number }>('create_shipment', {
    order_id: shipped.id,
    service: 'standard',
    tracking: 'SENTINEL-TRACKING',
  });
  const paid = await order('SENTINEL-ORDER-NOTE second');
  await pay(paid);
  const pending = await order('SENTINEL-ORDER-NOTE pending');
  const cancellable = await order('SENTINEL-ORDER-NOTE cancellable');
  // A payment recorded without an order: who paid is what the person typed.
  await data('process_payment', {
    amount: 5,
    currency: 'USD',
    payment_method: 'cash',
    customer_info: { name: 'SENTINEL-PAYER', email: 'payer@example.com' },
  });
  const reservation = await data<{ id: number }>('reserve_inventory', { product_id: product.id, quantity: 1 });

  await data('upload_document', {
    content: 'SENTINEL-DOC-BODY one\n',
    destination: 'private/plan.md',
    metadata: { title: 'SENTINEL-DOC-TITLE', tags: ['SENTINEL-DOC-TAG'] },
  });
  await data('upload_document', {
    content: 'SENTINEL-DOC-BODY two\n',
    destination: 'private/plan.md',
    overwrite: true,
  });
  const versions = await data<{ items: { version_id: number; number: number }[] }>('list_document_versions', {
    document_id: 'private/plan.md',
  });
  const first = versions.items.find((v) => v.number === 1);
  if (!first) throw new Error('seeding: no first version');
  await data('upload_document', { content: 'named only\n', destination: 'private/sentinel-named.md' });
  await data('upload_document', { content: 'SENTINEL-DOC-BODY draft\n', destination: 'review/draft.md' });
  await data('submit_for_review', { document_id: 'review/draft.md', comment: 'SENTINEL-DOC-REVIEW' });
  // A price that is not a number: import_csv's report quotes the cell.
  await data('upload_document', {
    content: 'sku,name,price\nDOC-SKU-1,Doc product,SENTINEL-DOC-CSV\n',
    destination: 'data/products.csv',
  });
  await data('upload_document', { content: 'SENTINEL-DOC-BODY gone\n', destination: 'old/gone.md' });
  const gone = await data<{ id: number }>('delete_document', { document_id: 'old/gone.md' });

  // Only the activity log holds this: a call the person made that failed.
  await person('get_settings', { note: 'SENTINEL-ACTIVITY' });
  await app.catalogue.drain();

  return {
    vault,
    customerId: zenobia.id,
    inactiveCustomerId: quintus.id,
    productId: product.id,
    shippedOrderId: shipped.id,
    paidOrderId: paid.id,
    pendingOrderId: pending.id,
    cancellableOrderId: cancellable.id,
    pendingBalance: pending.balance_due,
    transactionId: payment.transaction_id,
    shipmentId: shipment.id,
    reservationId: reservation.id,
    firstVersionId: first.version_id,
    deletedDocumentId: gone.id,
  };
}

/**
 * Valid calls of every operation an assistant can reach, in an order where each can succeed when
 * nothing is hidden: imports first (what they bring in is read back later), then reads, then writes,
 * the destructive ones last. Inputs name records by id or path only, never by a sentinel, so a
 * sentinel in an answer came from the data.
 */
export function assistantCalls(s: Seeded): [string, Record<string, unknown>][] {
  const plan = 'private/plan.md';
  return [
    ['import_csv', { entity: 'products', file_path: join(s.vault, 'data', 'products.csv'), on_error: 'skip_bad_rows' }],
    ['import_csv', { entity: 'customers', content: 'name,email\nImported Person,imported@example.com\n' }],
    ['import_csv', { entity: 'products', content: 'sku,name,price\nIMP-1,Imported thing,3\n' }],
    ['get_customer', { customer_id: s.customerId }],
    ['list_customers', {}],
    ['search_products', {}],
    ['get_product_details', { product_id: s.productId }],
    ['list_product_categories', {}],
    ['check_inventory', { product_id: s.productId }],
    ['list_stock_movements', { product_id: s.productId }],
    ['get_order', { order_id: s.shippedOrderId }],
    ['list_orders', {}],
    // The printed customer's name and address: refused when customers are hidden.
    ['render_order_document', { order_id: s.shippedOrderId, kind: 'packing_slip' }],
    ['get_payment', { transaction_id: s.transactionId }],
    ['list_payments', {}],
    ['calculate_shipping', { items: [{ product_id: s.productId }], destination: '1 Assistant Way' }],
    ['get_shipment', { shipment_id: s.shipmentId }],
    ['get_shipping_rates', {}],
    ['get_customer_analytics', {}],
    ['get_customer_analytics', { customer_id: s.customerId }],
    ['get_order_analytics', {}],
    ['export_csv', { entity: 'customers' }],
    ['export_csv', { entity: 'products' }],
    ['export_csv', { entity: 'orders' }],
    ['backup_data', {}],
    ['read_document', { document_id: plan }],
    ['download_document', { document_id: plan }],
    ['list_documents', { recursive: true, include_metadata: true }],
    ['search_documents', { query: 'sentinel' }],
    ['list_deleted_documents', {}],
    ['list_document_versions', { document_id: plan }],
    ['get_document_version', { document_id: plan, version_id: s.firstVersionId }],
    ['diff_document_versions', { document_id: plan, from_version: s.firstVersionId }],
    ['get_document_reviews', { document_id: 'review/draft.md' }],
    ['get_settings', {}],
    // The scraper's: pages on this machine are refused (no allowlist here), text is read as given.
    ['scrape_website', { url: 'http://127.0.0.1:9/' }],
    ['scrape_multiple_pages', { urls: ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b'] }],
    ['crawl_website', { start_url: 'http://127.0.0.1:9/' }],
    ['extract_emails', { text: 'Write to someone@example.org' }],
    ['extract_phone_numbers', { text: 'Call +44 20 7946 0958' }],
    ['extract_social_media_links', { html: '<a href="https://x.com/officina">x</a>' }],
    ['get_scraper_settings', {}],
    ['list_monitors', {}],
    ['get_monitor', { monitor_id: 1 }],
    ['get_monitor_history', { monitor_id: 1 }],
    ['monitor_website_changes', { url: 'http://127.0.0.1:9/' }],
    ['check_monitor_now', { monitor_id: 1 }],
    ['update_monitor', { monitor_id: 1, enabled: false }],
    ['save_to_vault', { url: 'http://127.0.0.1:9/' }],
    ['import_contacts_as_customers', { text: 'New contact: someone@example.org', dry_run: true }],
    ['list_activity', { limit: 500 }],
    ['list_activity_facets', {}],
    // Workflows: a run reads a customer and a document; what it shows is what the assistant may see.
    ['list_workflow_templates', {}],
    [
      'validate_workflow',
      { steps: [{ id: 'who', tool_name: 'get_customer', parameters: { customer_id: s.customerId } }] },
    ],
    [
      'create_workflow',
      {
        workflow_id: 'sweep',
        name: 'Sweep',
        steps: [
          { id: 'who', tool_name: 'get_customer', parameters: { customer_id: s.customerId } },
          { id: 'doc', tool_name: 'read_document', parameters: { document_id: plan } },
          { id: 'note', kind: 'transform', output: '{{ steps.who.output.notes }} {{ steps.doc.output.content }}' },
        ],
      },
    ],
    [
      'create_workflow',
      {
        workflow_id: 'missing',
        name: 'Missing',
        steps: [{ id: 'who', tool_name: 'get_customer', parameters: { customer_id: 99999 } }],
      },
    ],
    ['update_workflow', { workflow_id: 'sweep', description: 'Swept' }],
    ['get_workflow', { workflow_id: 'sweep' }],
    ['list_workflows', {}],
    ['execute_workflow', { workflow_id: 'sweep', wait: true }],
    ['execute_workflow', { workflow_id: 'missing', wait: true }],
    ['get_execution_status', { execution_id: 1 }],
    ['get_execution_status', { execution_id: 2 }],
    ['list_executions', {}],
    ['get_workflow_metrics', {}],
    ['retry_execution', { execution_id: 1, from: 'start' }],
    ['cancel_execution', { execution_id: 3 }],
    ['prune_executions', { keep_last: 100 }],
    ['delete_workflow', { workflow_id: 'missing' }],
    ['create_customer', { name: 'Assistant Made', email: 'made@assistant.test' }],
    ['update_customer', { customer_id: s.customerId, tags: ['vip'] }],
    ['create_product', { sku: 'ASSIST-1', name: 'Assistant thing', price: 2 }],
    ['update_product', { product_id: s.productId, description: 'Updated by the assistant' }],
    ['adjust_inventory', { product_id: s.productId, change: 1, reason: 'received' }],
    ['reserve_inventory', { product_id: s.productId, quantity: 1 }],
    ['release_reservation', { reservation_id: s.reservationId }],
    ['create_order', { customer_id: s.customerId, items: [{ product_id: s.productId, quantity: 1 }] }],
    // Refused (the customer is inactive): the refusal must not name them.
    ['create_order', { customer_id: s.inactiveCustomerId, items: [{ product_id: s.productId, quantity: 1 }] }],
    ['set_order_discount', { order_id: s.cancellableOrderId, discount_percent: 10 }],
    ['update_order_status', { order_id: s.cancellableOrderId, status: 'cancelled' }],
    [
      'process_payment',
      { order_id: s.pendingOrderId, amount: s.pendingBalance, currency: 'USD', payment_method: 'cash' },
    ],
    ['refund_payment', { transaction_id: s.transactionId, amount: 1 }],
    ['create_shipment', { order_id: s.paidOrderId, service: 'express' }],
    ['update_shipment_status', { shipment_id: s.shipmentId, status: 'in_transit' }],
    [
      'update_shipping_rates',
      {
        rates: ['standard', 'express', 'overnight'].map((service, i) => ({
          service,
          base: 5 + i,
          per_kg: 1,
          value_percent: 1,
          multiplier: 1 + i,
        })),
      },
    ],
    ['update_settings', { time_zone: 'UTC' }],
    ['upload_document', { content: 'From the assistant\n', destination: 'assistant/note.md' }],
    ['update_document_metadata', { document_id: plan, metadata: { tags: ['reviewed'] } }],
    ['request_changes', { document_id: 'review/draft.md', comment: 'Please shorten it' }],
    ['submit_for_review', { document_id: plan }],
    ['approve_document', { document_id: plan }],
    ['publish_document', { document_id: plan }],
    ['archive_document', { document_id: plan }],
    ['restore_document_version', { document_id: plan, version_id: s.firstVersionId }],
    ['restore_deleted_document', { id: s.deletedDocumentId }],
    ['rebuild_index', {}],
    ['delete_monitor', { monitor_id: 1 }],
    ['move_document', { document_id: plan, new_path: 'private/moved.md' }],
    ['delete_document', { document_id: 'private/moved.md' }],
    ['delete_customer', { customer_id: s.customerId }],
    ['delete_product', { product_id: 'ASSIST-1' }],
  ];
}
