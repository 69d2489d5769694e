import {
  Alert,
  Badge,
  Button,
  Center,
  DataList,
  Drawer,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArchive, IconArchiveOff, IconPencil, IconStack2, IconTrash } from '@tabler/icons-react';
import type { Product } from '../../../../shared/sales/products.js';
import { DetailItem } from '../../components/DetailItem.js';
import { formatAmount, formatCount, formatDateTime, formatWeight } from '../../format.js';
import { errorMessage, notifySuccess } from '../../notify.js';
import { useDeleteProduct, useProduct, useStockMovements } from './salesQueries.js';
import { StockLevelBadge } from './StockLevelBadge.js';
import { ProductStatusBadge } from './ProductStatusBadge.js';

export interface ProductDetailDrawerProps {
  productId: number | null;
  onClose: () => void;
  onEdit: (product: Product) => void;
  onAdjust: (product: Product) => void;
  onToggleArchived: (product: Product) => void;
  archiving: boolean;
  closeOnEscape: boolean;
}

export function ProductDetailDrawer(props: ProductDetailDrawerProps) {
  const { productId, onClose, closeOnEscape } = props;
  const query = useProduct(productId);
  const product = query.data;
  return (
    <Drawer
      opened={productId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={product?.name ?? 'Product'}
      closeOnEscape={closeOnEscape}
      closeButtonProps={{ 'aria-label': 'Close product details' }}
    >
      {query.isError ? (
        <Alert color="red" title="Could not load this product">
          {errorMessage(query.error)}
        </Alert>
      ) : product ? (
        <ProductRecord product={product} {...props} />
      ) : (
        <Center py="xl">
          <Loader aria-label="Loading product" />
        </Center>
      )}
    </Drawer>
  );
}

function ProductRecord({
  product,
  onEdit,
  onAdjust,
  onToggleArchived,
  archiving,
  onClose,
}: ProductDetailDrawerProps & { product: Product }) {
  const remove = useDeleteProduct();
  return (
    <Stack gap="md">
      <Group gap="xs">
        <ProductStatusBadge status={product.status} />
        <StockLevelBadge stock={product.stock} threshold={product.low_stock_threshold} />
        <Text size="sm" c="dimmed">
          Product #{product.id} · <span style={{ fontFamily: 'monospace' }}>{product.sku}</span>
        </Text>
      </Group>
      <Group gap="lg" role="group" aria-label="Stock">
        <StockFigure label="On hand" value={product.stock.on_hand} />
        <StockFigure label="Reserved" value={product.stock.reserved} />
        <StockFigure label="Available" value={product.stock.available} />
      </Group>
      <DataList labelWidth="7rem">
        <DetailItem label="Price">{formatAmount(product.price, product.currency)}</DetailItem>
        <DetailItem label="Category">{product.category ?? '—'}</DetailItem>
        <DetailItem label="Low stock at">
          {product.low_stock_threshold === 0
            ? 'Never warns'
            : `${formatCount(product.low_stock_threshold)} available or fewer`}
        </DetailItem>
        <DetailItem label="Weight">{product.weight_kg > 0 ? formatWeight(product.weight_kg) : '—'}</DetailItem>
        <DetailItem label="Tags">
          {product.tags.length > 0 ? (
            <Group gap={4}>
              {product.tags.map((tag) => (
                <Badge key={tag} variant="outline" size="sm" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            '—'
          )}
        </DetailItem>
        <DetailItem label="Description">
          {product.description ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {product.description}
            </Text>
          ) : (
            '—'
          )}
        </DetailItem>
        <DetailItem label="Updated">{formatDateTime(product.updated_at)}</DetailItem>
      </DataList>
      <Group>
        <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onEdit(product)}>
          Edit
        </Button>
        <Button variant="light" leftSection={<IconStack2 size={16} aria-hidden />} onClick={() => onAdjust(product)}>
          Adjust stock
        </Button>
        <Button
          variant="light"
          color="gray"
          loading={archiving}
          leftSection={
            product.status === 'active' ? (
              <IconArchive size={16} aria-hidden />
            ) : (
              <IconArchiveOff size={16} aria-hidden />
            )
          }
          onClick={() => onToggleArchived(product)}
        >
          {product.status === 'active' ? 'Archive' : 'Unarchive'}
        </Button>
        <Button
          variant="subtle"
          color="red"
          loading={remove.isPending}
          leftSection={<IconTrash size={16} aria-hidden />}
          onClick={() =>
            remove.mutate(product.id, {
              onSuccess: () => {
                notifySuccess(`${product.name} moved to the trash`);
                onClose();
              },
            })
          }
        >
          Move to trash
        </Button>
      </Group>
      {remove.isError && (
        <Alert color="red" title="Could not move this product to the trash">
          {errorMessage(remove.error)}
        </Alert>
      )}
      <StockLedger productId={product.id} />
    </Stack>
  );
}

function StockFigure({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} className="numeric" aria-label={`${label}: ${value}`}>
        {formatCount(value)}
      </Text>
    </div>
  );
}

const KIND_LABELS: Record<string, string> = {
  receipt: 'Receipt',
  adjustment: 'Adjustment',
  reservation: 'Reserved',
  release: 'Released',
  expiry: 'Hold expired',
  shipment: 'Shipped',
};

const signed = (n: number) => (n > 0 ? `+${formatCount(n)}` : n === 0 ? '·' : formatCount(n));

function StockLedger({ productId }: { productId: number }) {
  const ledger = useStockMovements(productId);
  const movements = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="stock-ledger-title">
      <Title order={3} size="h5" id="stock-ledger-title">
        Stock ledger
      </Title>
      {ledger.isError ? (
        <Alert color="red" title="Could not load the stock ledger">
          {errorMessage(ledger.error)}
        </Alert>
      ) : ledger.isPending ? (
        <Loader size="sm" aria-label="Loading stock ledger" />
      ) : movements.length === 0 ? (
        <Text size="sm" c="dimmed">
          No stock movements yet. Receipts, adjustments, reservations and shipments will be listed here.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Stock ledger" verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Movement</Table.Th>
                <Table.Th ta="right">On hand</Table.Th>
                <Table.Th ta="right">Reserved</Table.Th>
                <Table.Th>Reason · by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {movements.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{formatDateTime(m.at)}</Table.Td>
                  <Table.Td>
                    {KIND_LABELS[m.kind] ?? m.kind}
                    {m.order_id !== null && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        order #{m.order_id}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {signed(m.on_hand_delta)} → {formatCount(m.on_hand_after)}
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {signed(m.reserved_delta)} → {formatCount(m.reserved_after)}
                  </Table.Td>
                  <Table.Td>
                    {m.reason ?? '—'}
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {m.actor}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {ledger.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => void ledger.fetchNextPage()}
          loading={ledger.isFetchingNextPage}
        >
          Show older movements
        </Button>
      )}
    </Stack>
  );
}
