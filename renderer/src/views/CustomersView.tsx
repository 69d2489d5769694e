import { Button, Center, EmptyState, Group, Loader, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { ErrorNotice, StaleNotice } from '../components/ListNotices.js';
import { formatCount } from '../format.js';
import { LIVE_PAGE_LIMIT, loadedPages } from '../live.js';
import { navigate, type Route } from '../router.js';
import { CustomerBulkBar } from './CustomerBulkBar.js';
import { CustomerDeleteDialog } from './CustomerDeleteDialog.js';
import { CustomerDetailDrawer } from './CustomerDetailDrawer.js';
import { CustomerFilters } from './CustomerFilters.js';
import { CustomerFormModal } from './CustomerFormModal.js';
import { CustomerTable } from './CustomerTable.js';
import { useCustomerList, type CustomerListFilters, type CustomerSort, type StatusFilter } from './customerQueries.js';
import { ExportMenu } from './transfer/ExportMenu.js';
import { ImportDialog } from './transfer/ImportDialog.js';

type Dialog =
  | { kind: 'create' }
  | { kind: 'import' }
  | { kind: 'edit'; customer: Customer }
  | { kind: 'delete'; customer: Customer };

function customerIdOf(route: Route): number | null {
  const segment = route.segments[1];
  return segment !== undefined && /^[1-9][0-9]{0,15}$/.test(segment) ? Number(segment) : null;
}

export function CustomersView({ route }: { route: Route }) {
  const selectedId = customerIdOf(route);
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 200);
  const [status, setStatus] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<CustomerSort>('newest');
  const [tag, setTag] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());

  const filters = useMemo<CustomerListFilters>(() => ({ query, status, sort, tag }), [query, status, sort, tag]);
  const list = useCustomerList(filters);
  const customers = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total;
  const checkedCustomers = customers.filter((c) => checked.has(c.id));
  const check = (ids: number[], on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  const open = (customer: Customer) => navigate(`/customers/${customer.id}`);
  const closeDetail = () => navigate('/customers');
  const clearFilters = () => {
    setSearch('');
    setStatus('all');
    setTag(null);
  };

  return (
    <div className="fill-view">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm" align="baseline">
          <Title order={2}>Customers</Title>
          <Text c="dimmed" size="sm" aria-live="polite">
            {total !== undefined && `${formatCount(total)} ${total === 1 ? 'customer' : 'customers'}`}
          </Text>
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
            entity="customers"
            filters={{ ...(query !== '' && { query }), ...(status !== 'all' && { status }) }}
            filtered={query !== '' || status !== 'all'}
          />
          <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
            New customer
          </Button>
        </Group>
      </Group>

      <CustomerFilters
        search={search}
        onSearchChange={setSearch}
        status={status}
        onStatusChange={setStatus}
        sort={sort}
        onSortChange={setSort}
        tag={tag}
        onTagChange={setTag}
      />

      {checkedCustomers.length > 0 && (
        <CustomerBulkBar selected={checkedCustomers} onClear={() => setChecked(new Set())} />
      )}

      {list.isStale && !list.isFetching && loadedPages(list.data) > LIVE_PAGE_LIMIT && (
        <StaleNotice message="Customers changed since this list was loaded." onRefresh={() => void list.refetch()} />
      )}

      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading customers" />
        </Center>
      ) : list.isError && customers.length === 0 ? (
        <ErrorNotice title="Could not load customers" error={list.error} onRetry={() => void list.refetch()} />
      ) : customers.length === 0 ? (
        <NoCustomers
          query={query}
          status={status}
          tag={tag}
          onCreate={() => setDialog({ kind: 'create' })}
          onClearFilters={clearFilters}
        />
      ) : (
        <>
          {list.isFetchNextPageError && (
            <ErrorNotice
              compact
              title="Could not load more customers"
              error={list.error}
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          {list.isRefetchError && (
            <ErrorNotice
              compact
              title="Could not refresh customers"
              error={list.error}
              onRetry={() => void list.refetch()}
            />
          )}
          <CustomerTable
            // A new search starts at the top of its results.
            key={JSON.stringify(filters)}
            customers={customers}
            total={total}
            hasMore={list.hasNextPage && !list.isFetchNextPageError}
            loadingMore={list.isFetchingNextPage}
            // Asking for the next page during a refresh would cancel that refresh.
            onLoadMore={() => {
              if (!list.isFetching) void list.fetchNextPage();
            }}
            onOpen={open}
            selectedId={selectedId}
            sort={sort}
            onSort={setSort}
            checked={checked}
            onCheck={check}
          />
        </>
      )}

      <CustomerDetailDrawer
        customerId={selectedId}
        onClose={closeDetail}
        onEdit={(customer) => setDialog({ kind: 'edit', customer })}
        onDelete={(customer) => setDialog({ kind: 'delete', customer })}
        closeOnEscape={dialog === null}
      />
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <CustomerFormModal
          customer={dialog.kind === 'edit' ? dialog.customer : null}
          onClose={() => setDialog(null)}
          onSaved={(customer) => {
            setDialog(null);
            open(customer);
          }}
        />
      )}
      {dialog?.kind === 'import' && <ImportDialog entity="customers" onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <CustomerDeleteDialog
          customer={dialog.customer}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            closeDetail();
          }}
        />
      )}
    </div>
  );
}

interface NoCustomersProps {
  query: string;
  status: StatusFilter;
  tag: string | null;
  onCreate: () => void;
  onClearFilters: () => void;
}

function NoCustomers({ query, status, tag, onCreate, onClearFilters }: NoCustomersProps) {
  if (query === '' && status === 'all' && tag === null) {
    return (
      <EmptyState
        icon={<IconUsers size={32} aria-hidden />}
        title="No customers yet — add the first one"
        description="Customers you or your assistant add appear here."
        py="xl"
      >
        <EmptyState.Actions>
          <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={onCreate}>
            Add the first customer
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }
  const kind = `${status === 'all' ? '' : status + ' '}customers${tag === null ? '' : ` tagged “${tag}”`}`;
  const title = query !== '' ? `No ${kind} match '${query}'` : `No ${kind}`;
  return (
    <EmptyState
      icon={<IconSearch size={32} aria-hidden />}
      title={title}
      description={
        query !== ''
          ? 'Search matches the beginnings of words in names, emails, cities and tags, like "jo sm" for Joan Smith, and digits of phone numbers.'
          : undefined
      }
      py="xl"
    >
      <EmptyState.Actions>
        <Button variant="light" onClick={onClearFilters}>
          Show all customers
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
