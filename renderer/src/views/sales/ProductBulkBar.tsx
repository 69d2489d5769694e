import { Button, Group, Paper, Text } from '@mantine/core';
import { IconArchive, IconCategory, IconDownload, IconTag, IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Product } from '../../../../shared/sales/products.js';
import { call } from '../../api.js';
import { AskValue } from '../../components/AskValue.js';
import { csvOf, eachRecord, tellBulk } from '../../components/bulk.js';
import { downloadText } from '../../download.js';
import { keys, refreshList } from '../../live.js';
import { notifySuccess } from '../../notify.js';

const NOUNS: [string, string] = ['product', 'products'];

export function productsCsv(products: readonly Product[]): string {
  return csvOf(
    ['sku', 'name', 'category', 'price', 'currency', 'on_hand', 'available', 'status', 'tags'],
    products.map((p) => [
      p.sku,
      p.name,
      p.category ?? '',
      String(p.price),
      p.currency,
      String(p.stock.on_hand),
      String(p.stock.available),
      p.status,
      p.tags.join('; '),
    ]),
  );
}

/** What the person can do to the products they ticked: tag, set a category, archive, export, move to the trash. */
export function ProductBulkBar({ selected, onClear }: { selected: Product[]; onClear: () => void }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const count = `${selected.length} ${selected.length === 1 ? 'product' : 'products'}`;

  const run = async (did: string, action: (p: Product) => Promise<unknown>) => {
    setBusy(true);
    try {
      tellBulk(await eachRecord(selected, (p) => p.name, action), NOUNS, did);
    } finally {
      setBusy(false);
      refreshList(queryClient, keys.products);
      refreshList(queryClient, keys.categories);
      void queryClient.invalidateQueries({ queryKey: keys.trash });
      onClear();
    }
  };

  return (
    <Paper withBorder p="xs" role="region" aria-label="Selected products">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        <AskValue
          button="Add tag"
          icon={<IconTag size={14} aria-hidden />}
          label="Tag to add"
          placeholder="summer"
          submit={`Add to ${count}`}
          disabled={busy}
          onValue={(tag) =>
            void run(`tagged “${tag}”`, (p) =>
              p.tags.includes(tag)
                ? Promise.resolve()
                : call('update_product', { product_id: p.id, tags: [...p.tags, tag], expected_version: p.version }),
            )
          }
        />
        <AskValue
          button="Set category"
          icon={<IconCategory size={14} aria-hidden />}
          label="Category"
          placeholder="Kitchen"
          submit={`Set for ${count}`}
          disabled={busy}
          onValue={(category) =>
            void run(`now in “${category}”`, (p) =>
              p.category === category
                ? Promise.resolve()
                : call('update_product', { product_id: p.id, category, expected_version: p.version }),
            )
          }
        />
        <Button
          size="xs"
          variant="light"
          leftSection={<IconArchive size={14} aria-hidden />}
          disabled={busy}
          onClick={() =>
            void run('archived', (p) =>
              p.status === 'archived'
                ? Promise.resolve()
                : call('update_product', { product_id: p.id, status: 'archived', expected_version: p.version }),
            )
          }
        >
          Archive
        </Button>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconDownload size={14} aria-hidden />}
          disabled={busy}
          onClick={() => {
            downloadText(`products-${selected.length}.csv`, 'text/csv; charset=utf-8', productsCsv(selected));
            notifySuccess(`Exported ${count}`);
          }}
        >
          Export
        </Button>
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconTrash size={14} aria-hidden />}
          loading={busy}
          onClick={() =>
            void run('moved to the trash', (p) =>
              call('delete_product', { product_id: p.id, expected_version: p.version }),
            )
          }
        >
          Move to trash
        </Button>
        <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} onClick={onClear}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
