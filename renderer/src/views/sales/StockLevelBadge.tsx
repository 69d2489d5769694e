import { Badge } from '@mantine/core';
import type { Stock } from '../../../../shared/sales/products.js';

/** "Out of stock" or "Low stock" beside a product's numbers; nothing while there is enough. */
export function StockLevelBadge({ stock, threshold }: { stock: Stock; threshold: number }) {
  if (stock.level === 'in_stock') return null;
  const out = stock.level === 'out';
  return (
    <Badge
      variant="light"
      color={out ? 'red' : 'orange'}
      title={
        out
          ? 'Nothing left to sell: every unit on hand is held for orders, or none is on hand'
          : `${stock.available} left to sell, at or below this product's low-stock level of ${threshold}`
      }
    >
      {out ? 'Out of stock' : 'Low stock'}
    </Badge>
  );
}
