import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { Customer } from '../../../shared/customers.js';
import { useCustomer, useCustomerPick } from './customerQueries.js';

const labelOf = (customer: Customer) =>
  `${customer.name} · ${customer.email}${customer.status === 'inactive' ? ' (inactive)' : ''}`;

export interface CustomerPickerProps extends Omit<
  SelectProps,
  'value' | 'onChange' | 'data' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter' | 'nothingFoundMessage'
> {
  value: number | null;
  onChange: (customerId: number | null) => void;
  /** Offer only active customers (an order can be placed only for them). */
  activeOnly?: boolean;
}

/**
 * A select that asks the server for customers as the person types (name or email). The chosen
 * customer is fetched by id, so a value from a link or the URL shows its name even when no search
 * has listed it.
 */
export function CustomerPicker({ value, onChange, activeOnly = false, ...props }: CustomerPickerProps) {
  const [search, setSearch] = useState('');
  const selected = useCustomer(value);
  const selectedLabel = selected.data && selected.data.id === value ? labelOf(selected.data) : undefined;
  // Once a customer is chosen the box shows their label; searching for it would list them alone.
  const typed = search.trim() === selectedLabel ? '' : search.trim();
  const [query] = useDebouncedValue(typed, 200);
  const customers = useCustomerPick(query, activeOnly ? 'active' : undefined);

  const data = (customers.data?.items ?? []).map((c) => ({ value: String(c.id), label: labelOf(c) }));
  if (value !== null && !data.some((option) => option.value === String(value))) {
    data.unshift({ value: String(value), label: selectedLabel ?? `Customer #${value}` });
  }

  return (
    <Select
      {...props}
      searchable
      value={value === null ? null : String(value)}
      onChange={(id) => onChange(id === null ? null : Number(id))}
      searchValue={search}
      onSearchChange={setSearch}
      // The server searches; the options are its answer.
      filter={({ options }) => options}
      data={data}
      nothingFoundMessage={
        customers.isFetching ? 'Searching…' : activeOnly ? 'No active customer matches' : 'No customer matches'
      }
    />
  );
}
