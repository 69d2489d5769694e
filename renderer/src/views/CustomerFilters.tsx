import { CloseButton, Group, NativeSelect, SegmentedControl, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useCustomerTags, type CustomerSort, type StatusFilter } from './customerQueries.js';

export interface CustomerFiltersProps {
  search: string;
  onSearchChange: (search: string) => void;
  status: StatusFilter;
  onStatusChange: (status: StatusFilter) => void;
  sort: CustomerSort;
  onSortChange: (sort: CustomerSort) => void;
  tag: string | null;
  onTagChange: (tag: string | null) => void;
}

const STATUS_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

const SORT_OPTIONS = [
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
  { value: 'name', label: 'Name' },
];

export function CustomerFilters(props: CustomerFiltersProps) {
  const { search, onSearchChange, status, onStatusChange, sort, onSortChange, tag, onTagChange } = props;
  const tags = useCustomerTags();
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        aria-label="Search customers"
        placeholder="Search by name, email, phone, city or tag"
        value={search}
        onChange={(event) => onSearchChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && search !== '') onSearchChange('');
        }}
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={
          search !== '' ? <CloseButton size="sm" aria-label="Clear search" onClick={() => onSearchChange('')} /> : null
        }
        style={{ flex: '1 1 16rem', maxWidth: '28rem' }}
      />
      <SegmentedControl
        aria-label="Show customers"
        value={status}
        onChange={(value) => onStatusChange(value as StatusFilter)}
        data={STATUS_OPTIONS}
      />
      <Select
        aria-label="Tag"
        placeholder="Any tag"
        data={(tags.data?.items ?? []).map((t) => ({ value: t.tag, label: `${t.tag} (${t.customers})` }))}
        value={tag}
        onChange={onTagChange}
        onDropdownOpen={() => void tags.refetch()}
        searchable
        clearable
        nothingFoundMessage="No customer has this tag"
        w={180}
      />
      <NativeSelect
        aria-label="Sort by"
        value={sort}
        onChange={(event) => onSortChange(event.currentTarget.value as CustomerSort)}
        data={SORT_OPTIONS}
      />
    </Group>
  );
}
