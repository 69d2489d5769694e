import { Badge, Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconFile, IconPackage, IconReceipt, IconSearch, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiError, call } from '../api.js';
import { navigate } from '../router.js';
import { documentsPath } from '../views/documents/paths.js';

const PER_KIND = 5;

/** "#1042", "1042", "order 1042": an order's number, or null. */
function orderNumberOf(query: string): number | null {
  const match = /^(?:order\s*)?#?\s*(\d{1,15})$/i.exec(query.trim());
  return match ? Number(match[1]) : null;
}

/** An order by its number; none when there is no such order (the person typed digits of something else). */
async function orderByNumber(id: number) {
  try {
    return await call('get_order', { order_id: id });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'invalid_input')) return null;
    throw error;
  }
}

/** Customers, orders (by number), products (by name or SKU) and documents, in one box: Ctrl/Cmd+K. */
function useEverywhere(query: string) {
  const enabled = query.length >= 2;
  const orderNumber = orderNumberOf(query);
  const customers = useQuery({
    queryKey: ['global-search', 'customers', query],
    queryFn: () => call('list_customers', { query, limit: PER_KIND }),
    enabled,
  });
  const products = useQuery({
    queryKey: ['global-search', 'products', query],
    queryFn: () => call('search_products', { query, limit: PER_KIND, include_archived: true }),
    enabled,
  });
  const documents = useQuery({
    queryKey: ['global-search', 'documents', query],
    queryFn: () => call('search_documents', { query, limit: PER_KIND }),
    enabled,
    retry: false,
  });
  const order = useQuery({
    queryKey: ['global-search', 'order', orderNumber],
    queryFn: () => orderByNumber(orderNumber ?? 0),
    enabled: orderNumber !== null,
  });
  return {
    customers: customers.data?.items ?? [],
    products: products.data?.items ?? [],
    documents: documents.data?.items ?? [],
    order: order.data ?? null,
    loading: enabled && (customers.isFetching || products.isFetching || documents.isFetching || order.isFetching),
  };
}

function Result(props: { id: string; icon: ReactNode; label: string; description?: string; go: () => void }) {
  return (
    <Spotlight.Action
      label={props.label}
      description={props.description}
      leftSection={props.icon}
      onClick={props.go}
      aria-label={props.label}
    />
  );
}

export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const found = useEverywhere(debounced);
  const nothing = found.customers.length + found.products.length + found.documents.length === 0 && found.order === null;

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={480}>
      <Spotlight.Search
        placeholder="Search customers, orders (#number), products (name or SKU), documents…"
        aria-label="Search everything"
        leftSection={<IconSearch size={18} aria-hidden />}
        rightSection={found.loading ? <Loader size="xs" aria-label="Searching" /> : null}
      />
      <Spotlight.ActionsList aria-label="Search results">
        {found.order && (
          <Spotlight.ActionsGroup label="Orders">
            <Result
              id={`order-${found.order.id}`}
              icon={<IconReceipt size={20} aria-hidden />}
              label={`Order #${found.order.id}`}
              description={`${found.order.customer_name} · ${found.order.status}`}
              go={() => navigate(`/sales/orders/${found.order?.id}`)}
            />
          </Spotlight.ActionsGroup>
        )}
        {found.customers.length > 0 && (
          <Spotlight.ActionsGroup label="Customers">
            {found.customers.map((c) => (
              <Result
                key={c.id}
                id={`customer-${c.id}`}
                icon={<IconUser size={20} aria-hidden />}
                label={c.name}
                description={[c.email, c.phone, c.address?.city].filter(Boolean).join(' · ')}
                go={() => navigate(`/customers/${c.id}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {found.products.length > 0 && (
          <Spotlight.ActionsGroup label="Products">
            {found.products.map((p) => (
              <Result
                key={p.id}
                id={`product-${p.id}`}
                icon={<IconPackage size={20} aria-hidden />}
                label={p.name}
                description={`SKU ${p.sku}`}
                go={() => navigate(`/sales/products/${p.id}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {found.documents.length > 0 && (
          <Spotlight.ActionsGroup label="Documents">
            {found.documents.map((d) => (
              <Result
                key={d.id}
                id={`document-${d.id}`}
                icon={<IconFile size={20} aria-hidden />}
                label={d.title ?? d.name}
                description={d.document_id}
                go={() => navigate(documentsPath({ file: d.document_id }))}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {nothing && (
          <Spotlight.Empty>
            {debounced.length < 2 ? 'Type at least two letters, or an order number.' : 'Nothing found.'}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

/** The header's way in, for those who do not know the shortcut. */
export function GlobalSearchButton() {
  return (
    <UnstyledButton onClick={() => spotlight.open()} aria-label="Search everything" className="global-search-button">
      <Group gap="xs" wrap="nowrap">
        <IconSearch size={16} aria-hidden />
        <Text size="sm" c="dimmed" visibleFrom="sm">
          Search
        </Text>
        <Badge variant="default" size="sm" tt="none" visibleFrom="sm">
          <Kbd size="xs">{/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl'}</Kbd> + <Kbd size="xs">K</Kbd>
        </Badge>
      </Group>
    </UnstyledButton>
  );
}
