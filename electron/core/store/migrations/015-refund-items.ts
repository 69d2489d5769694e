import type { Migration } from './index.js';

/**
 * Refunds by line. A refund may name the order lines (and how many units of each) it pays back;
 * each row says how many of those units had shipped and how many of those came back into stock.
 * Units refunded before they shipped are cancelled: they no longer need to ship, and their hold on
 * stock ends. An order's fulfilment state is derived from order_items.shipped_quantity and these
 * rows, both written in the same transaction as the shipment or refund that changes them.
 */
export const m015RefundItems: Migration = {
  id: 15,
  name: 'refund items: refunds by order line, with restock',
  up(db) {
    db.exec(`
      CREATE TABLE refund_items (
        id INTEGER PRIMARY KEY,
        refund_id INTEGER NOT NULL REFERENCES refunds (id),
        order_item_id INTEGER NOT NULL REFERENCES order_items (id),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        shipped_quantity INTEGER NOT NULL CHECK (shipped_quantity >= 0 AND shipped_quantity <= quantity),
        restocked_quantity INTEGER NOT NULL
          CHECK (restocked_quantity >= 0 AND restocked_quantity <= shipped_quantity),
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0)
      );
      CREATE INDEX refund_items_refund ON refund_items (refund_id);
      CREATE INDEX refund_items_item ON refund_items (order_item_id);
    `);
  },
};
