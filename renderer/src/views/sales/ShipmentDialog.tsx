import {
  Button,
  DataList,
  Group,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import { SHIPPING_SERVICES, type Order } from '../../../../shared/sales/orders.js';
import { DetailItem } from '../../components/DetailItem.js';
import { useFocusFirstProblem } from '../../components/useFocusFirstProblem.js';
import { useUnsavedChanges } from '../../components/useUnsavedChanges.js';
import { formatAmount, formatCount, formatWeight } from '../../format.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { Actions, FormAlert } from './OrderDialogs.js';
import { statusLabel } from './OrderStatusBadge.js';
import { useServerErrors } from './serverErrors.js';
import { useCreateShipment, useShippingQuote } from './salesQueries.js';

type Service = (typeof SHIPPING_SERVICES)[number];
type ShipmentField = 'service' | 'carrier' | 'tracking' | 'destination' | `line-${number}`;
type Shipment = OutputOf<'create_shipment'>;

/** What the person asked for on a line, or why it cannot be shipped. */
function checkLine(value: number | string, left: number, name: string): string | undefined {
  if (value === '' || value === 0) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) return `Enter a whole number of ${name}, or 0 to leave it for later`;
  if (n > left) return left === 1 ? `Only 1 is left to ship` : `Only ${formatCount(left)} are left to ship`;
  return undefined;
}

/**
 * A parcel for an order: the person chooses how many of each line go in it (all that is left, by
 * default); stock leaves the warehouse for what ships.
 */
export function ShipmentDialog({ order, onClose }: { order: Order; onClose: () => void }) {
  const open = useMemo(() => order.items.filter((item) => item.unshipped_quantity > 0), [order]);
  const initialService: Service = (SHIPPING_SERVICES as readonly string[]).includes(order.shipping_service ?? '')
    ? (order.shipping_service as Service)
    : 'standard';
  const [service, setService] = useState<Service>(initialService);
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [quantities, setQuantities] = useState<Record<number, number | string>>(() =>
    Object.fromEntries(open.map((item) => [item.product_id, item.unshipped_quantity])),
  );
  const [shipment, setShipment] = useState<Shipment | null>(null);
  // Items the request named, in order: a server issue at items.N is placed at that line.
  const [sent, setSent] = useState<number[]>([]);
  const errors = useServerErrors<ShipmentField>((path) => {
    const item = /^items\.(\d+)\./.exec(path);
    if (item) {
      const productId = sent[Number(item[1])];
      return productId === undefined ? undefined : `line-${productId}`;
    }
    return (['service', 'carrier', 'tracking', 'destination'] as const).find((f) => f === path.split('.')[0]);
  });
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const { formRef, focusFirstProblem } = useFocusFirstProblem();
  const create = useCreateShipment();

  const chosen = open
    .map((item) => ({ item, quantity: Number(quantities[item.product_id] ?? 0) }))
    .filter(({ quantity }) => Number.isInteger(quantity) && quantity > 0);
  const everything = open.every((item) => Number(quantities[item.product_id]) === item.unshipped_quantity);
  const dirty = service !== initialService || carrier.trim() !== '' || tracking.trim() !== '' || !everything;
  const unsaved = useUnsavedChanges(dirty && shipment === null, onClose);

  const quoteKey = chosen.map(({ item, quantity }) => `${item.product_id}:${quantity}`).join(',');
  const quoteInput = useMemo<InputOf<'calculate_shipping'> | null>(() => {
    if (quoteKey === '' || order.shipping_address === null) return null;
    const items = quoteKey.split(',').map((pair) => {
      const [productId, quantity] = pair.split(':').map(Number) as [number, number];
      return { product_id: productId, quantity };
    });
    return { items, destination: order.shipping_address, service };
  }, [quoteKey, order.shipping_address, service]);
  const quote = useShippingQuote(quoteInput);
  const quoted = quote.data?.items[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.reset();
    const problems: Record<number, string> = {};
    for (const item of open) {
      const problem = checkLine(quantities[item.product_id] ?? '', item.unshipped_quantity, item.name);
      if (problem) problems[item.product_id] = problem;
    }
    setLineErrors(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstProblem();
      return;
    }
    if (chosen.length === 0) {
      setLineErrors(
        Object.fromEntries(open.slice(0, 1).map((item) => [item.product_id, 'Choose at least one item to ship'])),
      );
      focusFirstProblem();
      return;
    }
    // Everything left: the seed's form, which ships what is left at the moment it is recorded.
    const items = everything
      ? undefined
      : chosen.map(({ item, quantity }) => ({ product_id: item.product_id, quantity }));
    setSent(items?.map((i) => i.product_id) ?? []);
    create.mutate(
      {
        order_id: order.id,
        service,
        ...(items && { items }),
        ...(carrier.trim() !== '' && { carrier: carrier.trim() }),
        ...(tracking.trim() !== '' && { tracking: tracking.trim() }),
      },
      {
        onSuccess: (created) => {
          notifySuccess(`Shipment #${created.id} created`);
          setShipment(created);
        },
        onError: (error) => {
          if (errors.show(error)) focusFirstProblem();
          else notifyError('Could not create the shipment', error);
        },
      },
    );
  };

  if (shipment) {
    return (
      <Modal opened onClose={onClose} title={`Shipment #${shipment.id} created`}>
        <Stack gap="sm">
          <DataList labelWidth="7rem">
            <DetailItem label="Contents">
              {shipment.items
                .map(
                  (line) =>
                    `${formatCount(line.quantity)} × ${order.items.find((i) => i.product_id === line.product_id)?.name ?? 'item'}`,
                )
                .join(', ')}
            </DetailItem>
            <DetailItem label="Service">{statusLabel(shipment.service)}</DetailItem>
            <DetailItem label="Carrier">{shipment.carrier ?? '—'}</DetailItem>
            <DetailItem label="Tracking">{shipment.tracking ?? '—'}</DetailItem>
            <DetailItem label="Weight">{formatWeight(shipment.weight_kg)}</DetailItem>
            <DetailItem label="Cost">{formatAmount(shipment.cost, shipment.currency)}</DetailItem>
          </DataList>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <>
      <Modal opened onClose={unsaved.close} {...unsaved.modalProps} title={`Ship order #${order.id}`} size="lg">
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Choose how many of each item go in this parcel; the rest can ship later. Their reserved stock leaves the
              warehouse.
            </Text>
            <FormAlert title="The shipment was not created" messages={errors.formErrors} />
            <Table aria-label="Items to ship" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Item</Table.Th>
                  <Table.Th ta="right">Left to ship</Table.Th>
                  <Table.Th w={150}>Ship now</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {open.map((item) => (
                  <Table.Tr key={item.product_id}>
                    <Table.Td>
                      {item.name}{' '}
                      <Text span size="xs" c="dimmed" ff="monospace">
                        {item.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {formatCount(item.unshipped_quantity)}
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={`Ship now: ${item.name}`}
                        size="xs"
                        min={0}
                        max={item.unshipped_quantity}
                        clampBehavior="none"
                        allowDecimal={false}
                        allowNegative={false}
                        value={quantities[item.product_id] ?? 0}
                        error={lineErrors[item.product_id] ?? errors.fieldErrors[`line-${item.product_id}`]}
                        onChange={(value) => {
                          setQuantities((current) => ({ ...current, [item.product_id]: value }));
                          setLineErrors(({ [item.product_id]: _cleared, ...rest }) => rest);
                          errors.clearField(`line-${item.product_id}`);
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <NativeSelect
              label="Service"
              value={service}
              error={errors.fieldErrors.service ?? errors.fieldErrors.destination}
              onChange={(event) => setService(event.currentTarget.value as Service)}
              data={SHIPPING_SERVICES.map((s) => ({ value: s, label: statusLabel(s) }))}
            />
            <Text size="sm" aria-live="polite">
              {order.shipping_address === null ? (
                'No quote: the order has no shipping address.'
              ) : quoteInput === null ? (
                'Choose what to ship for a quote.'
              ) : quote.isError ? (
                `No quote: ${quote.error.message}`
              ) : quoted ? (
                <>
                  Quoted cost: <strong>{formatAmount(quoted.cost, quoted.currency)}</strong> for{' '}
                  {formatWeight(quoted.weight_kg)}
                </>
              ) : (
                <Loader size="xs" aria-label="Quoting" />
              )}
            </Text>
            <TextInput
              label="Carrier"
              autoComplete="off"
              value={carrier}
              error={errors.fieldErrors.carrier}
              onChange={(event) => setCarrier(event.currentTarget.value)}
            />
            <TextInput
              label="Tracking number"
              autoComplete="off"
              value={tracking}
              error={errors.fieldErrors.tracking}
              onChange={(event) => setTracking(event.currentTarget.value)}
            />
            <Actions onClose={unsaved.close} pending={create.isPending}>
              <Button type="submit" loading={create.isPending}>
                Create shipment
              </Button>
            </Actions>
          </Stack>
        </form>
      </Modal>
      {unsaved.prompt}
    </>
  );
}
