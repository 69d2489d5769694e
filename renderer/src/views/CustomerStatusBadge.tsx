import { Badge } from '@mantine/core';
import type { Customer } from '../../../shared/customers.js';

export function CustomerStatusBadge({ status }: { status: Customer['status'] }) {
  return (
    <Badge color={status === 'active' ? 'green' : 'gray'} variant="light">
      {status === 'active' ? 'Active' : 'Inactive'}
    </Badge>
  );
}
