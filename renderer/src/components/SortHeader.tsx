import { Group, Table, Text, UnstyledButton, type TableThProps } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';

export type SortOrder = 'asc' | 'desc';
export interface ListSort<C extends string> {
  column: C;
  order: SortOrder;
}

/**
 * A column header that sorts its list. The list's operation sorts (every page, not only the rows shown):
 * the header only says which column and direction. A first click sorts by the column in its natural
 * direction (`firstOrder`: A→Z for names, highest first for amounts is the caller's choice); a second
 * click turns it around.
 */
export function SortHeader<C extends string>({
  label,
  column,
  sort,
  onSort,
  firstOrder = 'asc',
  words = { asc: 'ascending', desc: 'descending' },
  name = label.toLowerCase(),
}: {
  label: string;
  /** What the column sorts by, when the header's label does not say it ("who acted"). */
  name?: string;
  column: C;
  sort: ListSort<C> | null;
  onSort: (sort: ListSort<C>) => void;
  firstOrder?: SortOrder;
  /** How the two directions read for this column ("A to Z", "lowest first"). */
  words?: Record<SortOrder, string>;
}) {
  const active = sort?.column === column;
  const next: ListSort<C> = {
    column,
    order: active ? (sort.order === 'asc' ? 'desc' : 'asc') : firstOrder,
  };
  const Icon = !active ? IconArrowsSort : sort.order === 'asc' ? IconArrowUp : IconArrowDown;
  const state = active ? `sorted ${words[sort.order]}` : 'not sorted';
  return (
    <UnstyledButton
      onClick={(event) => {
        event.stopPropagation();
        onSort(next);
      }}
      aria-label={`Sort by ${name} (${state})`}
    >
      <Group gap={4} wrap="nowrap">
        <Text span size="sm" fw={700}>
          {label}
        </Text>
        <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.4 }} />
      </Group>
    </UnstyledButton>
  );
}

/** Words for a column's two directions. */
export const SORT_WORDS = {
  text: { asc: 'A to Z', desc: 'Z to A' },
  amount: { asc: 'lowest first', desc: 'highest first' },
  date: { asc: 'oldest first', desc: 'newest first' },
} as const;

/** A sort read back from a URL's query, or null when absent or not one of `columns`. */
export function sortOf<C extends string>(
  query: Readonly<Record<string, string>>,
  columns: readonly C[],
): ListSort<C> | null {
  const column = query['sort'];
  const order = query['order'];
  if (!column || !(columns as readonly string[]).includes(column)) return null;
  return { column: column as C, order: order === 'desc' ? 'desc' : 'asc' };
}

/** The header cell's `aria-sort`: screen readers announce the sorted column and its direction. */
export function ariaSort<C extends string>(
  sort: ListSort<C> | null | undefined,
  column: C | undefined,
): 'ascending' | 'descending' | undefined {
  if (column === undefined || sort?.column !== column) return undefined;
  return sort.order === 'asc' ? 'ascending' : 'descending';
}

/**
 * A sorting header cell for a plain table: the button inside, `aria-sort` on the cell. Dates and amounts
 * start with the newest or highest first; text from A to Z.
 */
export function SortTh<C extends string>({
  label,
  column,
  sort,
  onSort,
  kind,
  words,
  name,
  ...th
}: {
  label: string;
  column: C;
  sort: ListSort<C> | null;
  onSort: (sort: ListSort<C>) => void;
  kind: keyof typeof SORT_WORDS;
  /** Other words than the kind's for the two directions ("problems first"). */
  words?: Record<SortOrder, string>;
  name?: string;
} & Omit<TableThProps, 'children'>) {
  return (
    <Table.Th {...th} aria-sort={ariaSort(sort, column)}>
      <SortHeader
        label={label}
        column={column}
        sort={sort}
        onSort={onSort}
        words={words ?? SORT_WORDS[kind]}
        firstOrder={kind === 'text' ? 'asc' : 'desc'}
        {...(name !== undefined && { name })}
      />
    </Table.Th>
  );
}
