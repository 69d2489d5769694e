import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Order } from '../../../../shared/sales/orders.js';
import { SHIPMENT_STATUSES } from '../../../../shared/sales/shipping.js';
import { formatAmount, formatDateTime } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { statusLabel } from './OrderStatusBadge.js';
import { useServerErrors } from './serverErrors.js';
import { useUpdateShipmentStatus } from './salesQueries.js';

type OrderShipment = Order['shipments'][number];
type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const SHIPMENT_STATUS_COLORS: Record<string, string> = {
  created: 'gray',
  in_transit: 'blue',
  delivered: 'teal',
  returned: 'orange',
  lost: 'red',
};

const shipmentStatusLabel = (status: string) => statusLabel(status.replace(/_/g, ' '));

/** The next step a shipment usually takes, offered first in its status select. */
const NEXT_STATUS: Partial<Record<string, ShipmentStatus>> = { created: 'in_transit', in_transit: 'delivered' };

export function ShipmentsCard({ order }: { order: Order }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="shipments-title">
      <Title order={3} size="h5" id="shipments-title" mb="xs">
        Shipments
      </Title>
      {order.shipments.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing shipped yet. Create a shipment once the order is paid.
        </Text>
      ) : (
        <Stack gap="sm">
          {order.shipments.map((shipment) => (
            <ShipmentRow key={shipment.id} order={order} shipment={shipment} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

type ShipmentField = 'status' | 'tracking' | 'note';

function ShipmentRow({ order, shipment }: { order: Order; shipment: OrderShipment }) {
  const others = SHIPMENT_STATUSES.filter((s) => s !== shipment.status);
  const [status, setStatus] = useState<ShipmentStatus>(NEXT_STATUS[shipment.status] ?? others[0] ?? 'created');
  const [tracking, setTracking] = useState('');
  const errors = useServerErrors<ShipmentField>((path) =>
    (['status', 'tracking', 'note'] as const).find((f) => f === path),
  );
  const update = useUpdateShipmentStatus();
  const final = shipment.status === 'returned' || shipment.status === 'lost';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    update.mutate(
      {
        shipment_id: shipment.id,
        status,
        ...(tracking.trim() !== '' && { tracking: tracking.trim() }),
      },
      {
        onSuccess: (saved) => {
          notifySuccess(`Shipment #${saved.id} is now ${shipmentStatusLabel(saved.status).toLowerCase()}`);
          setTracking('');
          const next = NEXT_STATUS[saved.status];
          if (next) setStatus(next);
        },
        onError: (error) => {
          if (!errors.show(error)) notifyError(`Could not update shipment #${shipment.id}`, error);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Shipment #${shipment.id}`} className="shipment-row">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            #{shipment.id}
          </Text>
          <Badge color={SHIPMENT_STATUS_COLORS[shipment.status] ?? 'gray'} variant="light" tt="none">
            {shipmentStatusLabel(shipment.status)}
          </Badge>
          <Text size="sm">
            {statusLabel(shipment.service)}
            {shipment.carrier && ` · ${shipment.carrier}`}
            {' · '}
            {shipment.tracking ? (
              <Text span size="sm" ff="monospace">
                {shipment.tracking}
              </Text>
            ) : (
              'no tracking number'
            )}
          </Text>
          <Text size="sm" c="dimmed">
            {formatAmount(shipment.cost, order.currency)} · {formatDateTime(shipment.created_at)}
          </Text>
        </Group>
        {errors.formErrors.length > 0 && (
          <Alert color="red" role="alert" p="xs">
            {errors.formErrors.map((message) => (
              <div key={message}>{message}</div>
            ))}
          </Alert>
        )}
        {!final && (
          <Group gap="xs" align="flex-start" wrap="wrap">
            <NativeSelect
              label="New status"
              size="xs"
              value={status}
              error={errors.fieldErrors.status}
              onChange={(event) => {
                setStatus(event.currentTarget.value as ShipmentStatus);
                errors.clearField('status');
              }}
              data={others.map((s) => ({ value: s, label: shipmentStatusLabel(s) }))}
            />
            <TextInput
              label="Tracking number"
              size="xs"
              autoComplete="off"
              placeholder={shipment.tracking ?? 'Optional'}
              value={tracking}
              error={errors.fieldErrors.tracking}
              onChange={(event) => {
                setTracking(event.currentTarget.value);
                errors.clearField('tracking');
              }}
            />
            <Button type="submit" size="xs" mt={22} loading={update.isPending}>
              Update
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
