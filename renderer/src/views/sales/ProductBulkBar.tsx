import { Button } from '@mantine/core';
import { IconArchive, IconCategory, IconTag } from '@tabler/icons-react';
import type { Product } from '../../../../shared/sales/products.js';
import { call } from '../../api.js';
import { AskValue } from '../../components/AskValue.js';
import { BulkBar, useBulkRun } from '../../components/BulkBar.js';
import { csvOf } from '../../components/bulk.js';
import { keys, refreshList } from '../../live.js';

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
  const bulk = useBulkRun({
    selected,
    nameOf: (p) => p.name,
    nouns: ['product', 'products'],
    refresh: (queryClient) => {
      refreshList(queryClient, keys.products);
      refreshList(queryClient, keys.categories);
      void queryClient.invalidateQueries({ queryKey: keys.trash });
    },
    onClear,
  });
  const { busy, count, run } = bulk;

  return (
    <BulkBar
      bulk={bulk}
      label="Selected products"
      onClear={onClear}
      exportCsv={{ fileName: `products-${selected.length}.csv`, csv: () => productsCsv(selected) }}
      trash={(p) => call('delete_product', { product_id: p.id, expected_version: p.version })}
    >
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
    </BulkBar>
  );
}
