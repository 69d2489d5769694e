import { Badge, Group, type BadgeProps } from '@mantine/core';
import type { FulfillmentStatus, PaymentStatus } from '../../../../shared/sales/orders.js';

const FULFILLMENT: Record<FulfillmentStatus, { label: string; color: string }> = {
  unfulfilled: { label: 'Unfulfilled', color: 'yellow' },
  partially_fulfilled: { label: 'Partially fulfilled', color: 'orange' },
  fulfilled: { label: 'Fulfilled', color: 'teal' },
};

const PAYMENT: Record<PaymentStatus, { label: string; color: string }> = {
  unpaid: { label: 'Unpaid', color: 'yellow' },
  partially_paid: { label: 'Partially paid', color: 'orange' },
  paid: { label: 'Paid', color: 'teal' },
  partially_refunded: { label: 'Partially refunded', color: 'grape' },
  refunded: { label: 'Refunded', color: 'red' },
};

export const fulfillmentLabel = (status: FulfillmentStatus) => FULFILLMENT[status].label;
export const paymentLabel = (status: PaymentStatus) => PAYMENT[status].label;

export function PaymentBadge({ payment, size }: { payment: PaymentStatus; size?: BadgeProps['size'] }) {
  return (
    <Badge variant="outline" tt="none" size={size} color={PAYMENT[payment].color} data-testid="payment-status">
      {PAYMENT[payment].label}
    </Badge>
  );
}

export function FulfillmentBadge({ fulfillment, size }: { fulfillment: FulfillmentStatus; size?: BadgeProps['size'] }) {
  return (
    <Badge
      variant="outline"
      tt="none"
      size={size}
      color={FULFILLMENT[fulfillment].color}
      data-testid="fulfillment-status"
    >
      {FULFILLMENT[fulfillment].label}
    </Badge>
  );
}

/** Where an order's parcels and money stand, beside its status: outlined, so the status stays the lead. */
export function FulfillmentBadges({
  fulfillment,
  payment,
}: {
  fulfillment: FulfillmentStatus;
  payment: PaymentStatus;
}) {
  return (
    <Group gap={4} wrap="nowrap" component="span">
      <PaymentBadge payment={payment} />
      <FulfillmentBadge fulfillment={fulfillment} />
    </Group>
  );
}
