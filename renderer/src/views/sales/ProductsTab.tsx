import { Button, Center, CloseButton, EmptyState, Group, Loader, NativeSelect, Switch, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Product } from '../../../../shared/sales/products.js';
import { ErrorNotice, StaleNotice } from '../../components/ListNotices.js';
import { LIVE_PAGE_LIMIT, loadedPages } from '../../live.js';
import { navigate } from '../../router.js';
import { ProductDetailDrawer } from './ProductDetailDrawer.js';
import { ProductFormModal } from './ProductFormModal.js';
import { ProductBulkBar } from './ProductBulkBar.js';
import { ProductTable, type ProductSort } from './ProductTable.js';
import { StockAdjustDialog } from './StockAdjustDialog.js';
import { useProductCategories, useProductList, useUpdateProduct, type ProductListFilters } from './salesQueries.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { ExportMenu } from '../transfer/ExportMenu.js';
import { ImportDialog } from '../transfer/ImportDialog.js';

type Dialog =
  { kind: 'create' } | { kind: 'import' } | { kind: 'edit'; product: Product } | { kind: 'adjust'; product: Product };

export function ProductsTab({ selectedId }: { selectedId: number | null }) {
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 200);
  const [category, setCategory] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [stock, setStock] = useState<ProductListFilters['stock']>('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [sort, setSort] = useState<ProductSort | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const categories = useProductCategories();
  const update = useUpdateProduct();

  const filters = useMemo<ProductListFilters>(
    () => ({ query, category, includeArchived, stock, sort }),
    [query, category, includeArchived, stock, sort],
  );
  const list = useProductList(filters);
  const products = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  // Ticked products as loaded now: one that left the list (trashed, filtered out) is no longer ticked.
  const selected = products.filter((p) => checked.has(p.id));
  const check = (ids: number[], on: boolean) =>
    setChecked((before) => {
      const next = new Set(before);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });

  const open = (product: Product) => navigate(`/sales/products/${product.id}`);
  const closeDetail = () => navigate('/sales/products');
  const filtered = query !== '' || category !== '' || stock !== '';

  const toggleArchived = (product: Product) =>
    update.mutate(
      {
        product_id: product.id,
        status: product.status === 'active' ? 'archived' : 'active',
        expected_version: product.version,
      },
      {
        onSuccess: (saved) =>
          notifySuccess(saved.status === 'archived' ? `${saved.name} archived` : `${saved.name} is active again`),
        onError: (error) => notifyError(`Could not change ${product.name}`, error),
      },
    );

  return (
    <>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" align="center" wrap="wrap" style={{ flex: 1 }}>
          <TextInput
            aria-label="Search products"
            placeholder="Search by name, SKU or category"
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && search !== '') setSearch('');
            }}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={
              search !== '' ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setSearch('')} /> : null
            }
            style={{ flex: '1 1 16rem', maxWidth: '28rem' }}
          />
          <NativeSelect
            aria-label="Category"
            value={category}
            onChange={(event) => setCategory(event.currentTarget.value)}
            data={[
              { value: '', label: 'All categories' },
              ...(categories.data?.items ?? []).map((c) => ({
                value: c.category,
                label: `${c.category} (${c.products})`,
              })),
            ]}
          />
          <NativeSelect
            aria-label="Stock"
            value={stock}
            onChange={(event) => setStock(event.currentTarget.value as ProductListFilters['stock'])}
            data={[
              { value: '', label: 'Any stock' },
              { value: 'low', label: 'Low stock' },
              { value: 'out', label: 'Out of stock' },
            ]}
          />
          <Switch
            label="Show archived"
            checked={includeArchived}
            onChange={(event) => setIncludeArchived(event.currentTarget.checked)}
          />
        </Group>
        <Group gap="sm">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => setDialog({ kind: 'import' })}
          >
            Import
          </Button>
          <ExportMenu
            entity="products"
            filters={{
              ...(query !== '' && { query }),
              ...(category !== '' && { category }),
              ...(stock !== '' && { stock }),
              ...(!includeArchived && { status: 'active' }),
            }}
            filtered={filtered}
          />
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
            New product
          </Button>
        </Group>
      </Group>

      {list.isStale && !list.isFetching && loadedPages(list.data) > LIVE_PAGE_LIMIT && (
        <StaleNotice message="Products changed since this list was loaded." onRefresh={() => void list.refetch()} />
      )}

      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading products" />
        </Center>
      ) : list.isError && products.length === 0 ? (
        <ErrorNotice title="Could not load products" error={list.error} onRetry={() => void list.refetch()} />
      ) : products.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<IconSearch size={32} aria-hidden />}
            title={
              query !== ''
                ? `No products match '${query}'`
                : stock === 'low'
                  ? 'No product is low on stock'
                  : stock === 'out'
                    ? 'No product is out of stock'
                    : 'No products in this category'
            }
            description="Search matches the beginnings of words in names, SKUs, categories and descriptions. Low stock means a product's available units are at or below its own low-stock level."
            py="xl"
          >
            <EmptyState.Actions>
              <Button
                variant="light"
                onClick={() => {
                  setSearch('');
                  setCategory('');
                  setStock('');
                }}
              >
                Show all products
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <EmptyState
            icon={<IconPackage size={32} aria-hidden />}
            title="No products yet — add your first"
            description="Products you or your assistant add appear here, with their price and stock."
            py="xl"
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
                Add the first product
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        )
      ) : (
        <>
          {list.isFetchNextPageError && (
            <ErrorNotice
              compact
              title="Could not load more products"
              error={list.error}
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          {selected.length > 0 && <ProductBulkBar selected={selected} onClear={() => setChecked(new Set())} />}
          <ProductTable
            key={JSON.stringify(filters)}
            sort={sort}
            onSort={setSort}
            checked={checked}
            onCheck={check}
            products={products}
            hasMore={list.hasNextPage && !list.isFetchNextPageError}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => {
              if (!list.isFetching) void list.fetchNextPage();
            }}
            onOpen={open}
            selectedId={selectedId}
          />
        </>
      )}

      <ProductDetailDrawer
        productId={selectedId}
        onClose={closeDetail}
        onEdit={(product) => setDialog({ kind: 'edit', product })}
        onAdjust={(product) => setDialog({ kind: 'adjust', product })}
        onToggleArchived={toggleArchived}
        archiving={update.isPending}
        closeOnEscape={dialog === null}
      />
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <ProductFormModal
          product={dialog.kind === 'edit' ? dialog.product : null}
          onClose={() => setDialog(null)}
          onSaved={(product) => {
            setDialog(null);
            open(product);
          }}
        />
      )}
      {dialog?.kind === 'import' && <ImportDialog entity="products" onClose={() => setDialog(null)} />}
      {dialog?.kind === 'adjust' && <StockAdjustDialog product={dialog.product} onClose={() => setDialog(null)} />}
    </>
  );
}
