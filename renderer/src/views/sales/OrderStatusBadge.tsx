import { Badge } from '@mantine/core';

export const ORDER_STATUS_COLORS: Record<string, string> = {
  pending: 'yellow',
  paid: 'blue',
  processing: 'indigo',
  shipped: 'cyan',
  delivered: 'teal',
  cancelled: 'gray',
  refunded: 'red',
};

export function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export function OrderStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant="light" color={ORDER_STATUS_COLORS[status] ?? 'gray'}>
      {statusLabel(status)}
    </Badge>
  );
}
