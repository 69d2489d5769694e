import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcp, type McpProcess } from '../../../test/mcp-process.js';
import type { Product } from '../../../shared/sales/products.js';
import { giveEveryToolsetIn } from '../../../test/helpers.js';
import { openSqlite, type SqliteDatabase } from '../store/sqlite.js';

// Two real `officina mcp` processes on one data directory racing for the same stock: the guard in
// reserve's UPDATE, inside an IMMEDIATE transaction, must hold across processes, not just within one.
// out/node is built by test/global-setup.ts.

function errorText(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** `count` calls, alternating between the two processes, all sent before any is awaited. */
function race(processes: McpProcess[], count: number, tool: string, args: Record<string, unknown>) {
  return Promise.all(Array.from({ length: count }, (_, i) => processes[i % processes.length]!.call(tool, args)));
}

describe('two officina processes selling the same stock', () => {
  let dataDir: string;
  let alpha: McpProcess;
  let beta: McpProcess;
  let customerId: number;

  const sqlite = <T>(read: (db: SqliteDatabase) => T): T => {
    const db = openSqlite(join(dataDir, 'officina.db'), { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'officina-sales-two-'));
    await giveEveryToolsetIn(dataDir);
    alpha = await startMcp(dataDir, 'alpha-assistant');
    beta = await startMcp(dataDir, 'beta-assistant');
    customerId = (await alpha.data<{ id: number }>('create_customer', { name: 'Grace Hopper', email: 'g@h.example' }))
      .id;
    // Warm both up (JIT, prepared statements, the first write's WAL setup) so neither has a head start
    // and the race below really is between the two processes.
    const warm = await alpha.data<Product>('create_product', {
      sku: 'WARM',
      name: 'Warm-up',
      price: 1,
      initial_stock: 20,
    });
    for (let i = 0; i < 3; i++) {
      for (const officina of [alpha, beta]) {
        await officina.data('reserve_inventory', { product_id: warm.id, quantity: 1 });
        await officina.data('create_order', { customer_id: customerId, items: [{ product_id: warm.id, quantity: 1 }] });
      }
    }
  });

  afterAll(async () => {
    await Promise.allSettled([alpha?.close(), beta?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('300 concurrent reserve_inventory calls on stock 100: exactly 100 holds, the rest refused', async () => {
    const product = await alpha.data<Product>('create_product', {
      sku: 'RACE-1',
      name: 'Contested widget',
      price: 5,
      initial_stock: 100,
    });
    const results = await race([alpha, beta], 300, 'reserve_inventory', { product_id: product.id, quantity: 1 });

    const won = results.filter((r) => !r.isError);
    const lost = results.filter((r) => r.isError);
    expect(won).toHaveLength(100);
    expect(lost).toHaveLength(200);
    // Which process wins how many is up to the scheduler (usually both win some), so it is not asserted.
    for (const r of lost) {
      expect(r.structuredContent).toBeUndefined();
      expect(errorText(r)).toMatch(/Not enough stock of RACE-1[\s\S]*0 available[\s\S]*error code: conflict/);
    }
    const ids = won.map((r) => (r.structuredContent as { id: number }).id);
    expect(new Set(ids).size).toBe(100);

    for (const officina of [alpha, beta]) {
      const fresh = await officina.data<Product>('get_product_details', { product_id: product.id });
      expect(fresh.stock, officina.name).toEqual({ on_hand: 100, reserved: 100, available: 0, level: 'out' });
    }
    const held = sqlite((db) =>
      db
        .prepare(
          "SELECT COUNT(*) AS n, SUM(quantity) AS units FROM reservations WHERE product_id = ? AND status = 'active'",
        )
        .get(product.id),
    );
    expect(held).toEqual({ n: 100, units: 100 });
    const ledger = sqlite((db) =>
      db
        .prepare(
          "SELECT COUNT(*) AS n, MAX(reserved_after) AS top FROM stock_movements WHERE product_id = ? AND kind = 'reservation'",
        )
        .get(product.id),
    );
    expect(ledger).toEqual({ n: 100, top: 100 });
  });

  it('120 concurrent one-unit create_order calls on stock 40: never more orders than stock', async () => {
    const product = await beta.data<Product>('create_product', {
      sku: 'RACE-2',
      name: 'Contested gadget',
      price: 7.5,
      initial_stock: 40,
    });
    const results = await race([alpha, beta], 120, 'create_order', {
      customer_id: customerId,
      items: [{ product_id: product.id, quantity: 1 }],
    });
    const won = results.filter((r) => !r.isError);
    const lost = results.filter((r) => r.isError);
    expect(won).toHaveLength(40);
    for (const r of lost) expect(errorText(r)).toMatch(/Not enough stock of RACE-2[\s\S]*error code: conflict/);

    const fresh = await alpha.data<Product>('get_product_details', { product_id: product.id });
    expect(fresh.stock).toEqual({ on_hand: 40, reserved: 40, available: 0, level: 'out' });
    const stored = sqlite((db) => ({
      orders: db
        .prepare('SELECT COUNT(DISTINCT order_id) FROM order_items WHERE product_id = ?')
        .pluck()
        .get(product.id),
      // A refused order leaves nothing behind: its insert was rolled back with the failed hold.
      allOrders: db.prepare('SELECT COUNT(*) FROM orders').pluck().get(),
      holds: db
        .prepare(
          "SELECT COUNT(*) FROM reservations WHERE product_id = ? AND status = 'active' AND order_id IS NOT NULL",
        )
        .pluck()
        .get(product.id),
    }));
    // 40 here plus the 6 warm-up orders.
    expect(stored).toEqual({ orders: 40, allOrders: 46, holds: 40 });
  });

  it('wrote nothing alarming to the log', () => {
    for (const officina of [alpha, beta]) expect(officina.stderr(), officina.name).not.toMatch(/error/i);
  });
});
