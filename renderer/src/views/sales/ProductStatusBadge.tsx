import { Badge } from '@mantine/core';
import type { Product } from '../../../../shared/sales/products.js';

export function ProductStatusBadge({ status }: { status: Product['status'] }) {
  return (
    <Badge variant="light" color={status === 'active' ? 'teal' : 'gray'}>
      {status === 'active' ? 'Active' : 'Archived'}
    </Badge>
  );
}
