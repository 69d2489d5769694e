import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/contracts.js';
import { ok, testApp } from '../../test/helpers.js';
import type { Officina } from './app.js';

/** Everything a user stored, minus the activity log (which records the rejected calls, as it should). */
function snapshot(app: Officina): string {
  const tables = [
    'customers',
    'settings',
    'change_feed',
    'products',
    'orders',
    'order_items',
    'order_status_history',
    'reservations',
    'stock_movements',
    'payments',
    'refunds',
    'shipping_rates',
    'shipments',
    'documents',
    'document_versions',
    'document_reviews',
    'monitors',
    'monitor_snapshots',
    'workflows',
    'workflow_versions',
    'workflow_runs',
    'workflow_step_runs',
  ];
  return JSON.stringify(tables.map((t) => app.store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

const HUGE = 'x'.repeat(100_000);

/** Per operation: inputs that must be refused, and the field the error must name. */
const cases: Record<string, [input: unknown, path: string][]> = {
  create_customer: [
    [{ email: 'a@b.co' }, 'name'],
    [{ name: 'A' }, 'email'],
    [{ name: 'A', email: 'not-an-email' }, 'email'],
    [{ name: '   ', email: 'a@b.co' }, 'name'],
    [{ name: HUGE, email: 'a@b.co' }, 'name'],
    [{ name: 'A', email: `${HUGE}@b.co` }, 'email'],
    [{ name: 42, email: 'a@b.co' }, 'name'],
    [{ name: 'A', email: 'a@b.co', phone: 'call me' }, 'phone'],
    [{ name: 'A', email: 'a@b.co', address: { line1: 'x', country: 'Narnia' } }, 'address.country'],
    [{ name: 'A', email: 'a@b.co', address: { line1: ' ', city: '' } }, 'address'],
    [{ name: 'A', email: 'a@b.co', status: 'deleted' }, 'status'],
    [{ name: 'A', email: 'a@b.co', tags: 'vip' }, 'tags'],
    [{ name: 'A', email: 'a@b.co', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
    [{ name: 'A', email: 'a@b.co', notes: HUGE }, 'notes'],
    [{ name: 'A', email: 'a@b.co', id: 7 }, 'id'],
  ],
  get_customer: [
    [{}, 'customer_id'],
    [{ customer_id: 1, email: 'a@b.co' }, 'customer_id'],
    [{ customer_id: -1 }, 'customer_id'],
    [{ customer_id: 1.5 }, 'customer_id'],
    [{ customer_id: 'abc' }, 'customer_id'],
    [{ customer_id: '1; DROP TABLE customers' }, 'customer_id'],
    [{ email: 'nope' }, 'email'],
  ],
  update_customer: [
    [{ name: 'A' }, 'customer_id'],
    [{ customer_id: 1, name: '   ' }, 'name'],
    [{ customer_id: 1, email: 42 }, 'email'],
    [{ customer_id: 1, email: 'bad' }, 'email'],
    [{ customer_id: 1, status: 'gone' }, 'status'],
    [{ customer_id: 1, expected_version: 0 }, 'expected_version'],
    [{ customer_id: 1, favourite_colour: 'blue' }, 'favourite_colour'],
  ],
  list_customers: [
    [{ limit: 0 }, 'limit'],
    [{ limit: -5 }, 'limit'],
    [{ limit: 1_000_000 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ offset: 1e12 }, 'offset'],
    [{ status: 'archived' }, 'status'],
    [{ sort: 'random' }, 'sort'],
    [{ cursor: 'not a cursor!' }, 'cursor'],
    [{ cursor: 'eyJ4IjoxfQ' }, 'cursor'],
    [{ query: HUGE }, 'query'],
    [{ page: 2 }, 'page'],
  ],
  delete_customer: [
    [{}, 'customer_id'],
    [{ customer_id: 0 }, 'customer_id'],
    [{ customer_id: 1, force: true }, 'force'],
  ],
  restore_customer: [
    [{}, 'customer_id'],
    [{ customer_id: -1 }, 'customer_id'],
    [{ customer_id: 1, as: 'new' }, 'as'],
  ],
  delete_product: [
    [{}, 'product_id'],
    [{ product_id: 0 }, 'product_id'],
    [{ product_id: 1, expected_version: 0 }, 'expected_version'],
    [{ product_id: 1, purge: true }, 'purge'],
  ],
  restore_product: [
    [{}, 'product_id'],
    [{ product_id: true }, 'product_id'],
  ],
  list_trash: [[{ entity: 'order' }, 'entity']],
  list_customer_tags: [[{ limit: 5 }, 'limit']],
  purge_from_trash: [
    [{ id: 1 }, 'entity'],
    [{ entity: 'document', id: 1 }, 'entity'],
    [{ entity: 'customer' }, 'id'],
    [{ entity: 'customer', id: 0 }, 'id'],
  ],
  undo_activity: [
    [{}, 'activity_id'],
    [{ activity_id: 'last' }, 'activity_id'],
    [{ activity_id: 1.5 }, 'activity_id'],
  ],
  create_product: [
    [{ sku: 'M-1', name: 'Mug', price: 1, low_stock_threshold: -1 }, 'low_stock_threshold'],
    [{ name: 'Mug', price: 1 }, 'sku'],
    [{ sku: 'M-1', price: 1 }, 'name'],
    [{ sku: 'M-1', name: 'Mug' }, 'price'],
    [{ sku: 'M-1', name: 'Mug', price: -1 }, 'price'],
    [{ sku: 'M-1', name: 'Mug', price: '12.50' }, 'price'],
    [{ sku: 'M-1', name: 'Mug', price: 1.234 }, 'price'],
    [{ sku: 'M-1', name: 'Mug', price: 1, currency: 'EURO' }, 'currency'],
    [{ sku: '12345', name: 'Mug', price: 1 }, 'sku'],
    [{ sku: 'has space', name: 'Mug', price: 1 }, 'sku'],
    [{ sku: 'M-1', name: 'Mug', price: 1, weight_kg: -2 }, 'weight_kg'],
    [{ sku: 'M-1', name: 'Mug', price: 1, initial_stock: 1.5 }, 'initial_stock'],
    [{ sku: 'M-1', name: HUGE, price: 1 }, 'name'],
    [{ sku: 'M-1', name: 'Mug', price: 1, stock: 5 }, 'stock'],
  ],
  update_product: [
    [{ name: 'X' }, 'product_id'],
    [{ product_id: 'EXIST-1' }, ''],
    [{ product_id: 'EXIST-1', price: -3 }, 'price'],
    [{ product_id: 'EXIST-1', low_stock_threshold: 2.5 }, 'low_stock_threshold'],
    [{ product_id: 'EXIST-1', price: 0.001 }, 'price'],
    [{ product_id: 'EXIST-1', currency: 'EUR' }, 'price'],
    [{ product_id: 'EXIST-1', status: 'deleted' }, 'status'],
    [{ product_id: 'EXIST-1', on_hand: 5 }, 'on_hand'],
  ],
  search_products: [
    [{ stock: 'plenty' }, 'stock'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 10_000 }, 'limit'],
    [{ min_price: -1 }, 'min_price'],
    [{ min_price: 10, max_price: 5 }, 'min_price'],
    [{ query: HUGE }, 'query'],
    [{ in_stock: 'yes' }, 'in_stock'],
    [{ cursor: 'eyJ4IjoxfQ' }, 'cursor'],
  ],
  get_product_details: [
    [{}, 'product_id'],
    [{ product_id: '' }, 'product_id'],
    [{ product_id: -4 }, 'product_id'],
    [{ product_id: '../../etc' }, 'product_id'],
  ],
  list_product_categories: [[{ all: true }, 'all']],
  check_inventory: [
    [{}, 'product_id'],
    [{ product_id: 'EXIST-1', quantity: 0 }, 'quantity'],
    [{ product_id: 'EXIST-1', quantity: -3 }, 'quantity'],
    [{ product_id: 'EXIST-1', quantity: 2.5 }, 'quantity'],
  ],
  adjust_inventory: [
    [{ product_id: 'EXIST-1', change: 5 }, 'reason'],
    [{ product_id: 'EXIST-1', reason: 'received' }, 'change'],
    [{ product_id: 'EXIST-1', change: 5, set_on_hand: 3, reason: 'count' }, 'change'],
    [{ product_id: 'EXIST-1', change: 0, reason: 'count' }, 'change'],
    [{ product_id: 'EXIST-1', change: 1.5, reason: 'count' }, 'change'],
    [{ product_id: 'EXIST-1', set_on_hand: -1, reason: 'count' }, 'set_on_hand'],
    [{ product_id: 'EXIST-1', change: 1, reason: 'because' }, 'reason'],
  ],
  reserve_inventory: [
    [{ product_id: 'EXIST-1' }, 'quantity'],
    [{ product_id: 'EXIST-1', quantity: 0 }, 'quantity'],
    [{ product_id: 'EXIST-1', quantity: -1 }, 'quantity'],
    [{ product_id: 'EXIST-1', quantity: 1, expires_in: 1 }, 'expires_in'],
    [{ product_id: 'EXIST-1', quantity: 1, order_id: 'abc' }, 'order_id'],
  ],
  release_reservation: [
    [{}, 'reservation_id'],
    [{ reservation_id: 0 }, 'reservation_id'],
  ],
  list_stock_movements: [
    [{}, 'product_id'],
    [{ product_id: 'EXIST-1', limit: 0 }, 'limit'],
    [{ product_id: 'EXIST-1', cursor: 'eyJ4IjoxfQ' }, 'cursor'],
  ],
  create_order: [
    [
      { customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], discount_amount: 1, discount_percent: 1 },
      'discount_percent',
    ],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], discount_percent: -5 }, 'discount_percent'],
    [{ items: [{ product_id: 'EXIST-1', quantity: 1 }] }, 'customer_id'],
    [{ customer_id: 1 }, 'items'],
    [{ customer_id: 1, items: [] }, 'items'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 0 }] }, 'items.0.quantity'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: -2 }] }, 'items.0.quantity'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1.5 }] }, 'items.0.quantity'],
    [{ customer_id: 1, items: [{ quantity: 1 }] }, 'items.0.product_id'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1, price: -5 }] }, 'items.0.price'],
    [
      { customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], shipping_service: 'teleport' },
      'shipping_service',
    ],
    [
      {
        customer_id: 1,
        items: [
          { product_id: 'EXIST-1', quantity: 1 },
          { product_id: 'OTHER-CURRENCY', quantity: 1 },
        ],
      },
      'items.1.product_id',
    ],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], status: 'paid' }, 'status'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], shipping_amount: -1 }, 'shipping_amount'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], shipping_amount: 0.001 }, 'shipping_amount'],
  ],
  get_order: [
    [{}, 'order_id'],
    [{ order_id: 'one' }, 'order_id'],
  ],
  render_order_document: [
    [{ kind: 'invoice' }, 'order_id'],
    [{ order_id: 1 }, 'kind'],
    [{ order_id: 1, kind: 'receipt' }, 'kind'],
    [{ order_id: 1, kind: 'invoice', save_to_vault: 'yes' }, 'save_to_vault'],
    [{ order_id: 1, kind: 'invoice', folder: 'invoices' }, 'folder'],
  ],
  list_orders: [
    [{ status: 'lost' }, 'status'],
    [{ fulfillment_status: 'shipped' }, 'fulfillment_status'],
    [{ payment_status: 'owed' }, 'payment_status'],
    [{ start_date: 'yesterday' }, 'start_date'],
    [{ start_date: '2026-02-01', end_date: '2026-01-01' }, 'start_date'],
    [{ limit: 0 }, 'limit'],
    [{ cursor: 'eyJ4IjoxfQ' }, 'cursor'],
  ],
  update_order_status: [
    [{ order_id: 1 }, 'status'],
    [{ order_id: 1, status: 'teleported' }, 'status'],
    [{ status: 'cancelled' }, 'order_id'],
  ],
  process_payment: [
    [{ currency: 'USD', payment_method: 'cash', customer_info: { name: 'A' } }, 'amount'],
    [{ amount: 0, currency: 'USD', payment_method: 'cash', customer_info: { name: 'A' } }, 'amount'],
    [{ amount: -5, currency: 'USD', payment_method: 'cash', customer_info: { name: 'A' } }, 'amount'],
    [{ amount: 10.555, currency: 'USD', payment_method: 'cash', customer_info: { name: 'A' } }, 'amount'],
    [{ amount: 10.5, currency: 'JPY', payment_method: 'cash', customer_info: { name: 'A' } }, 'amount'],
    [{ amount: 10, payment_method: 'cash', customer_info: { name: 'A' } }, 'currency'],
    [{ amount: 10, currency: 'USD', payment_method: '💳', customer_info: { name: 'A' } }, 'payment_method'],
    [{ amount: 10, currency: 'USD', payment_method: 'x'.repeat(41), customer_info: { name: 'A' } }, 'payment_method'],
    [{ amount: 10, currency: 'USD', payment_method: 'cash', customer_info: { email: 'nope' } }, 'customer_info.email'],
    [
      { amount: 10, currency: 'USD', payment_method: 'cash', customer_info: { note: 'x'.repeat(5_000) } },
      'customer_info',
    ],
    [{ amount: 10, currency: 'USD', payment_method: 'cash' }, 'customer_info'],
    [{ amount: 10, currency: 'USD', payment_method: 'cash', customer_info: {} }, 'customer_info'],
    [
      { amount: 10, currency: 'USD', payment_method: 'cash', customer_info: { name: 'A' }, idempotency_key: 'x' },
      'idempotency_key',
    ],
    [
      {
        amount: 10,
        currency: 'USD',
        payment_method: 'cash',
        customer_info: { name: 'A' },
        card_number: '4242424242424242',
      },
      'card_number',
    ],
  ],
  refund_payment: [
    [{}, 'transaction_id'],
    [{ transaction_id: '' }, 'transaction_id'],
    [{ transaction_id: 'txn_1', amount: -1 }, 'amount'],
    [{ transaction_id: 'txn_1', amount: 0 }, 'amount'],
    [{ transaction_id: 'txn_1', items: [] }, 'items'],
    [{ transaction_id: 'txn_1', items: [{ product_id: 'EXIST-1', quantity: 0 }] }, 'items.0.quantity'],
    [{ transaction_id: 'txn_1', items: [{ product_id: 'EXIST-1' }] }, 'items.0.quantity'],
    [{ transaction_id: 'txn_1', items: [{ product_id: 'EXIST-1', quantity: 1 }], restock: 'yes' }, 'restock'],
  ],
  get_payment: [[{}, 'transaction_id']],
  list_payments: [
    [{ limit: 0 }, 'limit'],
    [{ order_id: 'x' }, 'order_id'],
  ],
  set_order_discount: [
    [{ discount_percent: 10 }, 'order_id'],
    [{ order_id: 1 }, 'discount_amount'],
    [{ order_id: 1, discount_amount: 1, discount_percent: 10 }, 'discount_percent'],
    [{ order_id: 1, discount_percent: 150 }, 'discount_percent'],
    [{ order_id: 1, discount_percent: 10.555 }, 'discount_percent'],
    [{ order_id: 1, discount_amount: 'ten' }, 'discount_amount'],
    [{ order_id: 1, discount_amount: -1 }, 'discount_amount'],
    [{ order_id: 1, discount_amount: 1, expected_version: 0 }, 'expected_version'],
  ],
  quote_order_discount: [
    [{ discount_percent: 10 }, 'order_id'],
    [{ order_id: 1 }, 'discount_amount'],
    [{ order_id: 1, discount_amount: 1, discount_percent: 10 }, 'discount_percent'],
    [{ order_id: 1, discount_percent: -5 }, 'discount_percent'],
  ],
  quote_order: [
    [{ items: [{ product_id: 'EXIST-1', quantity: 1 }] }, 'customer_id'],
    [{ customer_id: 1, items: [] }, 'items'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], discount_percent: 150 }, 'discount_percent'],
    [{ customer_id: 1, items: [{ product_id: 'EXIST-1', quantity: 1 }], discount_amount: 'ten' }, 'discount_amount'],
  ],
  calculate_shipping: [
    [{ destination: 'X' }, 'items'],
    [{ items: [{ weight: 1 }] }, 'destination'],
    [{ items: [], destination: 'X' }, 'items'],
    [{ items: [{ weight: 1 }], destination: {} }, 'destination'],
    [{ items: [{ weight: 1 }], destination: { street: '1 Main St', line1: '2 Main St' } }, 'destination.street'],
    [{ items: [{ weight: 1 }], destination: { country: 'USA' } }, 'destination.country'],
    [{ items: [{ weight: 1 }], destination: { planet: 'Mars' } }, 'destination.planet'],
    [{ items: [{ quantity: 1, weight: 'heavy' }], destination: 'X' }, 'items.0.weight'],
    [{ items: [{ weight: -1 }], destination: 'X' }, 'items.0.weight'],
    [{ items: [{ weight: 1 }], destination: 'X', service: 'pigeon' }, 'service'],
    [{ items: [{ weight: 1, price: 1.005 }], destination: 'X' }, 'items.0.price'],
  ],
  create_shipment: [
    [{ items: [{ weight: 1 }], destination: 'X' }, 'service'],
    [{ service: 'standard' }, 'items'],
    [{ service: 'standard', items: [{ weight: 1 }] }, 'destination'],
    [{ service: 'standard', order_id: 'first' }, 'order_id'],
  ],
  get_shipment: [[{}, 'shipment_id']],
  update_shipment_status: [
    [{ shipment_id: 1 }, 'status'],
    [{ shipment_id: 1, status: 'vanished' }, 'status'],
  ],
  get_shipping_rates: [[{ currency: 'DOLLARS' }, 'currency']],
  update_shipping_rates: [
    [{}, 'rates'],
    [{ rates: [] }, 'rates'],
    [{ rates: [{ service: 'standard', base: 1, per_kg: 1, value_percent: 0, multiplier: 1 }] }, 'rates'],
    [
      {
        rates: ['standard', 'standard', 'express'].map((service) => ({
          service,
          base: 1,
          per_kg: 1,
          value_percent: 0,
          multiplier: 1,
        })),
      },
      'rates',
    ],
    [
      {
        rates: ['standard', 'express', 'overnight'].map((service) => ({
          service,
          base: -1,
          per_kg: 1,
          value_percent: 0,
          multiplier: 1,
        })),
      },
      'rates.0.base',
    ],
  ],
  get_customer_analytics: [
    [{ customer_id: 'me' }, 'customer_id'],
    [{ top: 0 }, 'top'],
  ],
  get_order_analytics: [
    [{ group_by: 'year' }, 'group_by'],
    [{ start_date: 'last week' }, 'start_date'],
    [{ start_date: '2026-03-01', end_date: '2026-02-01' }, 'start_date'],
    [{ start_date: '1900-01-01', end_date: '2026-01-01' }, 'start_date'],
  ],
  import_csv: [
    [{ content: 'name,email' }, 'entity'],
    [{ entity: 'invoices', content: 'x' }, 'entity'],
    [{ entity: 'orders', content: 'Name,Email\n#1,a@b.co\n' }, 'header'],
    [{ entity: 'customers', content: 'name,email\n', format: 'pdf' }, 'format'],
    [{ entity: 'customers', content: 'not base64!', format: 'xlsx' }, 'content'],
    [{ entity: 'customers' }, 'file_path'],
    [{ entity: 'customers', content: 'a', file_path: '/tmp/a.csv' }, 'file_path'],
    [{ entity: 'customers', content: 'x'.repeat(6 * 1024 * 1024) }, 'content'],
    [{ entity: 'customers', content: 'name,email\n', on_error: 'ignore' }, 'on_error'],
    [{ entity: 'customers', file_path: 'relative.csv' }, 'file_path'],
    [{ entity: 'customers', file_path: '/tmp/%2e%2e/etc/passwd' }, 'file_path'],
    [{ entity: 'customers', content: 'name,email\nA,a@b.co\n', mapping: { name: 'company' } }, 'mapping.name'],
    [{ entity: 'customers', content: 'name,email\nA,a@b.co\n', mapping: { Stadt: 'city' } }, 'mapping.Stadt'],
    [{ entity: 'customers', content: 'name,email\nA,a@b.co\n', mapping: ['name'] }, 'mapping'],
    [{ entity: 'products', content: 'sku,price\nA-1,3\n' }, 'header'],
  ],
  export_csv: [
    [{}, 'entity'],
    [{ entity: 'invoices' }, 'entity'],
    [{ entity: 'orders', status: 'lost' }, 'status'],
    [{ entity: 'customers', destination_path: '' }, 'destination_path'],
    [{ entity: 'customers', destination_path: 'out.csv' }, 'destination_path'],
    [{ entity: 'customers', format: 'pdf' }, 'format'],
    [{ entity: 'orders', query: 'ada' }, 'query'],
    [{ entity: 'customers', category: 'Kitchen' }, 'category'],
    [{ entity: 'orders', start_date: 'last week' }, 'start_date'],
    [{ entity: 'orders', start_date: '2026-03-01', end_date: '2026-02-01' }, 'start_date'],
  ],
  upload_document: [
    [{}, 'file_path'],
    [{ content: 'x' }, 'destination'],
    [{ content: 'x', file_path: '/tmp/a', destination: 'a.txt' }, 'file_path'],
    [{ content: 'x', destination: '' }, 'destination'],
    [{ content: 'x', destination: 'a.txt', encoding: 'latin1' }, 'encoding'],
    [{ content: '%%%not base64%%%', destination: 'a.bin', encoding: 'base64' }, 'content'],
    [{ content: 'x', destination: 'a.txt', metadata: { colour: { r: 255 } } }, 'metadata.colour'],
    [
      { content: 'x', destination: 'a.txt', metadata: { colour: 'red', custom: { colour: 'blue' } } },
      'metadata.colour',
    ],
    [{ content: 'x', destination: 'a.txt', metadata: { status: 'approved' } }, 'metadata.status'],
    [{ content: 'x', destination: 'a.txt', metadata: { ['k'.repeat(65)]: 1 } }, `metadata.${'k'.repeat(65)}`],
    [{ content: 'x', destination: 'a.txt', metadata: { tags: 'one' } }, 'metadata.tags'],
    [{ file_path: 'relative/file.txt' }, 'file_path'],
  ],
  download_document: [
    [{}, 'document_id'],
    [{ document_id: 'x.txt', destination_path: 'relative.txt' }, 'destination_path'],
  ],
  read_document: [
    [{}, 'document_id'],
    [{ document_id: 42 }, 'document_id'],
  ],
  preview_document: [
    [{}, 'document_id'],
    [{ document_id: 42 }, 'document_id'],
    [{ document_id: 'a.docx', format: 'pdf' }, 'format'],
  ],
  delete_document: [
    [{}, 'document_id'],
    [{ document_id: '/abs/path.txt' }, 'document_id'],
  ],
  restore_deleted_document: [
    [{}, 'document_id'],
    [{ id: 'abc' }, 'id'],
  ],
  list_deleted_documents: [[{ limit: 0 }, 'limit']],
  list_documents: [
    [{ sort: 'random' }, 'sort'],
    [{ status: 'lost' }, 'status'],
    [{ limit: 0 }, 'limit'],
  ],
  search_documents: [
    [{}, 'query'],
    [{ query: '' }, 'query'],
    [{ query: HUGE }, 'query'],
    [{ query: 'x', limit: 0 }, 'limit'],
    [{ query: 'x', cursor: 'eyJ4IjoxfQ' }, 'cursor'],
    [{ query: '!!!' }, 'query'],
  ],
  update_document_metadata: [
    [{ metadata: { title: 'x' } }, 'document_id'],
    [{ document_id: 'a.txt' }, 'metadata'],
    [{ document_id: 'a.txt', metadata: { status: 'published' } }, 'metadata.status'],
  ],
  move_document: [
    [{ document_id: 'a.txt' }, 'new_path'],
    [{ new_path: 'b.txt' }, 'document_id'],
  ],
  list_document_versions: [[{}, 'document_id']],
  get_document_version: [
    [{ document_id: 'a.txt' }, 'version_id'],
    [{ document_id: 'a.txt', version_id: -1 }, 'version_id'],
  ],
  diff_document_versions: [[{ document_id: 'a.txt' }, 'from_version']],
  restore_document_version: [[{ document_id: 'a.txt' }, 'version_id']],
  submit_for_review: [[{}, 'document_id']],
  approve_document: [[{ document_id: 'a.txt', comment: HUGE }, 'comment']],
  request_changes: [
    [{ document_id: 'a.txt' }, 'comment'],
    [{ document_id: 'a.txt', comment: '  ' }, 'comment'],
  ],
  publish_document: [[{ document_id: 7 }, 'document_id']],
  archive_document: [[{}, 'document_id']],
  get_document_reviews: [[{}, 'document_id']],
  rebuild_index: [[{ force: true }, 'force']],
  get_version_retention: [[{ all: true }, 'all']],
  update_version_retention: [
    [{ max_age_days: 0 }, 'max_age_days'],
    [{ max_age_days: 1.5 }, 'max_age_days'],
    [{ max_size_mb: 1 }, 'max_size_mb'],
    [{ max_size_mb: 'lots' }, 'max_size_mb'],
    [{ forever: true }, 'forever'],
  ],
  get_settings: [[{ verbose: true }, 'verbose']],
  update_settings: [
    [{ currency: 'EURO' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ default_country: 'ZZ' }, 'default_country'],
    [{ tax_rate_bps: -1 }, 'tax_rate_bps'],
    [{ tax_rate_bps: 10_001 }, 'tax_rate_bps'],
    [{ tax_rate_bps: 8.25 }, 'tax_rate_bps'],
    [{ time_zone: 'Mars/Olympus' }, 'time_zone'],
    [{ business_name: 'x'.repeat(201) }, 'business_name'],
    [{ business_address: 42 }, 'business_address'],
    [{ token: 'steal' }, 'token'],
  ],
  get_app_info: [[{ x: 1 }, 'x']],
  reveal_mcp_token: [[{ x: 1 }, 'x']],
  get_app_preferences: [[{ x: 1 }, 'x']],
  update_app_preferences: [
    [{ open_at_login: 'yes' }, 'open_at_login'],
    [{ auto_update: 1 }, 'auto_update'],
    [{ schedules_paused: null, x: 1 }, 'x'],
  ],
  backup_data: [[{ path: '/tmp/x.db' }, 'path']],
  list_backups: [[{ x: 1 }, 'x']],
  update_backup_policy: [
    [{ keep: 0 }, 'keep'],
    [{ keep: 1.5 }, 'keep'],
    [{ interval_hours: 0 }, 'interval_hours'],
    [{ interval_hours: 10_000 }, 'interval_hours'],
    [{ scheduled: 'yes' }, 'scheduled'],
  ],
  restore_backup: [
    [{}, 'backup'],
    [{ backup: '' }, 'backup'],
    [{ backup: 42 }, 'backup'],
    [{ backup: 'x'.repeat(5000) }, 'backup'],
  ],
  cancel_restore: [[{ x: 1 }, 'x']],
  connect_claude_desktop: [
    [{ toolsets: 'customers' }, 'toolsets'],
    [{ toolsets: [] }, 'toolsets'],
    [{ toolsets: ['sales'] }, 'toolsets'],
    [{ command: '/bin/sh' }, 'command'],
  ],
  disconnect_claude_desktop: [[{ x: 1 }, 'x']],
  get_claude_desktop_status: [[{ x: 1 }, 'x']],
  rotate_mcp_token: [
    [{ token: 'my-own-choice-of-token' }, 'token'],
    [{ x: 1 }, 'x'],
  ],
  get_assistant_permissions: [[{ x: 1 }, 'x']],
  update_assistant_permissions: [
    [{ mode: 'god' }, 'mode'],
    [{ disabled_tools: 'delete_customer' }, 'disabled_tools'],
    [{ disabled_tools: ['no_such_tool'] }, 'disabled_tools'],
    [{ confirm_destructive: 'yes' }, 'confirm_destructive'],
    [{ allow_paths: ['/'] }, 'allow_paths'],
  ],
  list_activity: [
    [{ limit: 0 }, 'limit'],
    [{ caller_kind: 'robot' }, 'caller_kind'],
    [{ outcome: 'maybe' }, 'outcome'],
    [{ cursor: '!!' }, 'cursor'],
    [{ reads: 'mine' }, 'reads'],
    [{ entity: HUGE }, 'entity'],
  ],
  list_activity_facets: [[{ x: 1 }, 'x']],
  get_activity_retention: [[{ days: 1 }, 'days']],
  update_activity_retention: [
    [{ days: 0 }, 'days'],
    [{ days: -30 }, 'days'],
    [{ days: 1.5 }, 'days'],
    [{ days: 3651 }, 'days'],
    [{ days: '90' }, 'days'],
    [{ max_rows: 99 }, 'max_rows'],
    [{ max_rows: 100_000_001 }, 'max_rows'],
    [{ max_rows: 'lots' }, 'max_rows'],
    [{ max_rows: Number.POSITIVE_INFINITY }, 'max_rows'],
    [{ keep: 'forever' }, 'keep'],
  ],
  export_activity: [
    [{}, 'format'],
    [{ format: 'xlsx' }, 'format'],
    [{ format: 'CSV' }, 'format'],
    [{ format: 'csv', since: 'yesterday' }, 'since'],
    [{ format: 'csv', until: '2026-13-45' }, 'until'],
    [{ format: 'csv', since: 1_700_000_000 }, 'since'],
    [{ format: 'csv', since: '2026-02-01', until: '2026-01-01' }, 'until'],
    [{ format: 'csv', since: '2026-01-01', until: '2026-01-01' }, 'until'],
    [{ format: 'csv', outcome: 'maybe' }, 'outcome'],
    [{ format: 'csv', caller_kind: 'robot' }, 'caller_kind'],
    [{ format: 'csv', operation: HUGE }, 'operation'],
    [{ format: 'csv', limit: 10 }, 'limit'],
  ],
  list_allowed_folders: [[{ path: '/' }, 'path']],
  add_allowed_folder: [
    [{}, 'path'],
    [{ path: 42 }, 'path'],
    [{ path: '' }, 'path'],
    [{ path: HUGE }, 'path'],
    [{ path: 'relative/folder' }, 'path'],
    [{ path: '~/Documents' }, 'path'],
    [{ path: '/' }, 'path'],
    [{ path: homedir() }, 'path'],
    [{ path: join(homedir(), '.ssh') }, 'path'],
    [{ path: '/no/such/folder/anywhere' }, 'path'],
    [{ path: '/tmp/a\u0000b' }, 'path'],
    [{ path: 'C:\\Windows' }, 'path'],
    [{ path: '/tmp', recursive: true }, 'recursive'],
  ],
  remove_allowed_folder: [
    [{}, 'path'],
    [{ path: ['/tmp'] }, 'path'],
    [{ path: 'relative/folder' }, 'path'],
    [{ path: '/tmp/%2e%2e/etc' }, 'path'],
  ],
  // The scraper's: refused before anything is fetched (no test here reaches the network).
  scrape_website: [
    [{}, 'url'],
    [{ url: 'https://example.com/', render: 'sometimes' }, 'render'],
    [{ url: '' }, 'url'],
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'http://user:pw@example.com/' }, 'url'],
    [{ url: HUGE }, 'url'],
    [{ url: 'https://example.com/', selectors: { price: 'div[' } }, 'selectors.price'],
    [{ url: 'https://example.com/', selectors: 'div' }, 'selectors'],
    [{ url: 'https://example.com/', max_depth: 0 }, 'max_depth'],
    [{ url: 'https://example.com/', max_depth: 4 }, 'max_depth'],
    [{ url: 'https://example.com/', format: 'pdf' }, 'format'],
    [{ url: 'https://example.com/', follow: true }, 'follow'],
  ],
  scrape_multiple_pages: [
    [{}, 'urls'],
    [{ urls: [] }, 'urls'],
    [{ urls: Array.from({ length: 101 }, (_, i) => `https://example.com/${i}`) }, 'urls'],
    [{ urls: ['https://example.com/'], max_concurrent: 0 }, 'max_concurrent'],
    [{ urls: ['https://example.com/'], max_concurrent: 17 }, 'max_concurrent'],
    [{ urls: ['https://example.com/'], selectors: { x: '>>>' } }, 'selectors.x'],
  ],
  crawl_website: [
    [{}, 'start_url'],
    [{ start_url: 'file:///etc/passwd' }, 'start_url'],
    [{ start_url: 'https://example.com/', max_pages: 1001 }, 'max_pages'],
    [{ start_url: 'https://example.com/', max_depth: 11 }, 'max_depth'],
    [{ start_url: 'https://example.com/', include: 'blog' }, 'include'],
  ],
  extract_emails: [
    [{}, 'url'],
    [{ url: 'https://example.com/', text: 'x' }, 'url'],
    [{ text: 42 }, 'text'],
    [{ url: 'gopher://example.com/' }, 'url'],
  ],
  extract_phone_numbers: [
    [{}, 'url'],
    [{ text: 'call 030 1234567', default_region: 'Germany' }, 'default_region'],
    [{ text: 'call 030 1234567', default_region: 'XX' }, 'default_region'],
  ],
  extract_social_media_links: [
    [{}, 'url'],
    [{ text: '<a href="https://x.com/a">x</a>' }, 'text'],
  ],
  save_to_vault: [
    [{}, 'url'],
    [{ url: 'https://example.com/', destination: 42 }, 'destination'],
    [{ url: 'https://example.com/', destination: '' }, 'destination'],
    [{ url: 'data:text/html,hi' }, 'url'],
  ],
  import_contacts_as_customers: [
    [{}, 'url'],
    [{ text: 'a@b.co', tags: 'web' }, 'tags'],
    [{ text: 'a@b.co', default_region: 'Narnia' }, 'default_region'],
  ],
  monitor_website_changes: [
    [{}, 'url'],
    [{ url: 'https://example.com/', render: 'sometimes' }, 'render'],
    [{ url: 'https://example.com/', webhook_url: 'ftp://example.com/hook' }, 'webhook_url'],
    [{ url: 'https://example.com/', webhook_url: 42 }, 'webhook_url'],
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 'https://example.com/', interval: 1 }, 'interval'],
    [{ url: 'https://example.com/', interval: 'sometimes' }, 'interval'],
    [{ url: 'https://example.com/', interval: '60d' }, 'interval'],
    [{ url: 'https://example.com/', ignore_patterns: ['(a+)+$'] }, 'ignore_patterns.0'],
    [{ url: 'https://example.com/', ignore_patterns: ['[unclosed'] }, 'ignore_patterns.0'],
    [{ url: 'https://example.com/', ignore_selectors: ['div['] }, 'ignore_selectors.0'],
    [{ url: 'https://example.com/', selectors: { price: 'p[' } }, 'selectors.price'],
  ],
  list_monitors: [
    [{ status: 'broken' }, 'status'],
    [{ limit: 0 }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
  ],
  get_monitor: [
    [{}, 'monitor_id'],
    [{ monitor_id: 'abc' }, 'monitor_id'],
    [{ monitor_id: -3 }, 'monitor_id'],
  ],
  update_monitor: [
    [{}, 'monitor_id'],
    [{ monitor_id: 1, interval: 2 }, 'interval'],
    [{ monitor_id: 1, enabled: 'yes' }, 'enabled'],
    [{ monitor_id: 1, name: '' }, 'name'],
    [{ monitor_id: 1, render: 'yes' }, 'render'],
  ],
  list_monitor_notifications: [
    [{ monitor_id: 'abc' }, 'monitor_id'],
    [{ unread_only: 'yes' }, 'unread_only'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
  ],
  mark_monitor_notifications_read: [
    [{}, 'notification_ids'],
    [{ notification_ids: [] }, 'notification_ids'],
    [{ notification_ids: [1], all: true }, 'notification_ids'],
  ],
  retry_monitor_notification: [
    [{}, 'delivery_id'],
    [{ delivery_id: 'abc' }, 'delivery_id'],
  ],
  delete_monitor: [
    [{}, 'monitor_id'],
    [{ monitor_id: [1] }, 'monitor_id'],
  ],
  check_monitor_now: [
    [{}, 'monitor_id'],
    [{ monitor_id: 1.5 }, 'monitor_id'],
  ],
  get_monitor_history: [
    [{}, 'monitor_id'],
    [{ monitor_id: 1, limit: 1000 }, 'limit'],
    [{ monitor_id: 1, changes_only: 'no' }, 'changes_only'],
  ],
  get_scraper_settings: [[{ hosts: [] }, 'hosts']],
  update_scraper_settings: [
    [{ allowed_private_hosts: '10.0.0.1' }, 'allowed_private_hosts'],
    [{ allowed_private_hosts: ['10.0.0.0/99'] }, 'allowed_private_hosts.0'],
    [{ allowed_private_hosts: ['not a host!'] }, 'allowed_private_hosts.0'],
    [{ concurrency_per_host: 10 }, 'concurrency_per_host'],
    [{ delay_ms: -1 }, 'delay_ms'],
  ],
  create_workflow: [
    [{ name: 'W', steps: 'step one' }, 'steps'],
    [{ name: 'W', steps: [{ name: 'no id', tool_name: 'get_customer' }] }, 'steps.0.id'],
    [{ name: 'W', steps: [{ id: 'a b', tool_name: 'get_customer' }] }, 'steps.0.id'],
    [{ name: 'W', steps: [{ id: 'a', tool_name: 'get_customer', retry_count: 99 }] }, 'steps.0.retry_count'],
    [{ name: 'W', steps: [{ id: 'a', kind: 'teleport' }] }, 'steps.0.kind'],
    [{ name: 'W', steps: [{ id: 'a', tool_name: 'nope', parameters: {} }] }, 'steps.0.tool_name'],
    [{ name: 'W', steps: [{ id: 'a', kind: 'condition', if: '1 +' }] }, 'steps.0.if'],
    [
      { name: 'W', steps: [{ id: 'a', tool_name: 'get_customer', parameters: { customer_id: 'x' } }] },
      'steps.0.parameters.customer_id',
    ],
    [
      { name: 'W', steps: [{ id: 'a', kind: 'transform', output: 1 }], trigger: { type: 'schedule', cron: 'never' } },
      'trigger.cron',
    ],
    [{ name: 'W', steps: [{ id: 'a', kind: 'transform', output: 1 }], trigger: { type: 'sometimes' } }, 'trigger.type'],
    [{ workflow_id: '../etc', name: 'W', steps: [] }, 'workflow_id'],
    [{ name: HUGE, steps: [] }, 'name'],
    [{ steps: [{ id: 'a', kind: 'transform', output: 1 }] }, 'name'],
  ],
  update_workflow: [
    [{}, 'workflow_id'],
    [{ workflow_id: 'x', steps: [{ id: 1 }] }, 'steps.0.id'],
    [{ workflow_id: 'x', max_concurrent: 0 }, 'max_concurrent'],
  ],
  get_workflow: [
    [{}, 'workflow_id'],
    [{ workflow_id: 'x', version: 0 }, 'version'],
  ],
  list_workflows: [[{ limit: 0 }, 'limit']],
  delete_workflow: [[{}, 'workflow_id']],
  validate_workflow: [
    [{}, 'steps'],
    [{ steps: [{ id: 'a', kind: 'x' }] }, 'steps.0.kind'],
  ],
  list_workflow_templates: [[{ kind: 'all' }, 'kind']],
  execute_workflow: [
    [{}, 'workflow_id'],
    [{ workflow_id: 'x', context: 'hello' }, 'context'],
    [{ workflow_id: 'x', wait: 'yes' }, 'wait'],
  ],
  get_execution_status: [
    [{}, 'execution_id'],
    [{ execution_id: 'abc' }, 'execution_id'],
  ],
  list_executions: [[{ status: 'sleeping' }, 'status']],
  cancel_execution: [[{ execution_id: -1 }, 'execution_id']],
  retry_execution: [
    [{}, 'execution_id'],
    [{ execution_id: 1, from: 'middle' }, 'from'],
  ],
  get_workflow_metrics: [[{ period: 'forever' }, 'period']],
  prune_executions: [
    [{}, 'older_than_days'],
    [{ keep_last: -1 }, 'keep_last'],
  ],
  compact_database: [[{ vacuum: 'full' }, 'vacuum']],
  get_database_space: [[{ detail: true }, 'detail']],
};

describe('bad input', () => {
  it('has cases for every operation', () => {
    expect(Object.keys(cases).sort()).toEqual(contracts.map((c) => c.name).sort());
  });

  for (const contract of contracts) {
    it(`${contract.name}: refuses malformed input with invalid_input naming the field, and changes nothing`, async () => {
      const app = testApp();
      ok(await app.call('create_customer', { name: 'Existing', email: 'existing@example.com' }));
      ok(await app.call('create_product', { sku: 'EXIST-1', name: 'Existing product', price: 5, initial_stock: 5 }));
      ok(
        await app.call('create_product', { sku: 'OTHER-CURRENCY', name: 'Priced in euros', price: 5, currency: 'EUR' }),
      );
      await app.catalogue.drain();
      const before = snapshot(app);
      const generic: [unknown, string][] = [
        ['a string', ''],
        [[1, 2], ''],
        [42, ''],
      ];
      for (const [input, path] of [...generic, ...(cases[contract.name] ?? [])]) {
        const result = await app.call(contract.name, input);
        expect(result.ok, `${contract.name} accepted ${JSON.stringify(input).slice(0, 80)}`).toBe(false);
        if (result.ok) continue;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message.length).toBeLessThan(2_000);
        if (path)
          expect(
            result.error.issues?.map((i) => i.path),
            JSON.stringify(result.error),
          ).toContain(path);
      }
      expect(snapshot(app)).toBe(before);
    });
  }

  it('answers unknown ids with not_found naming the field, and changes nothing', async () => {
    const app = testApp();
    const before = snapshot(app);
    for (const [name, input] of [
      ['get_customer', { customer_id: 12345 }],
      ['get_customer', { email: 'nobody@example.com' }],
      ['update_customer', { customer_id: 12345, name: 'X' }],
      ['delete_customer', { customer_id: 12345 }],
      ['restore_customer', { customer_id: 12345 }],
    ] as const) {
      const result = await app.call(name, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
      if (!result.ok) expect(result.error.issues?.[0]?.path).toMatch(/customer_id|email/);
    }
    expect(snapshot(app)).toBe(before);
  });
});
