import { Checkbox } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';

/**
 * The first column of a list with bulk actions: a box per row, and one in the header for every loaded
 * row. A click on a box ticks the row without opening it.
 */
export function selectColumn<T extends { id: number }>(options: {
  rows: readonly T[];
  checked: ReadonlySet<number>;
  onCheck: (ids: number[], on: boolean) => void;
  allLabel: string;
  rowLabel: (row: T) => string;
}): ColumnDef<T> {
  return selectColumnBy<T, number>({ ...options, keyOf: (row) => row.id });
}

/** The same, for rows known by another key (a document by its path). */
export function selectColumnBy<T, K>({
  rows,
  keyOf,
  checked,
  onCheck,
  allLabel,
  rowLabel,
}: {
  rows: readonly T[];
  keyOf: (row: T) => K;
  checked: ReadonlySet<K>;
  onCheck: (keys: K[], on: boolean) => void;
  allLabel: string;
  rowLabel: (row: T) => string;
}): ColumnDef<T> {
  const all = rows.length > 0 && rows.every((row) => checked.has(keyOf(row)));
  const some = rows.some((row) => checked.has(keyOf(row)));
  return {
    id: 'select',
    size: 40,
    header: () => (
      <Checkbox
        aria-label={allLabel}
        checked={all}
        indeterminate={some && !all}
        onChange={(event) => onCheck(rows.map(keyOf), event.currentTarget.checked)}
      />
    ),
    cell: ({ row }) => (
      <div onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
        <Checkbox
          aria-label={rowLabel(row.original)}
          checked={checked.has(keyOf(row.original))}
          onChange={(event) => onCheck([keyOf(row.original)], event.currentTarget.checked)}
        />
      </div>
    ),
  };
}
