import { Checkbox } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';

/**
 * The first column of a list with bulk actions: a box per row, and one in the header for every loaded
 * row. A click on a box ticks the row without opening it.
 */
export function selectColumn<T extends { id: number }>({
  rows,
  checked,
  onCheck,
  allLabel,
  rowLabel,
}: {
  rows: readonly T[];
  checked: ReadonlySet<number>;
  onCheck: (ids: number[], on: boolean) => void;
  allLabel: string;
  rowLabel: (row: T) => string;
}): ColumnDef<T> {
  const all = rows.length > 0 && rows.every((row) => checked.has(row.id));
  const some = rows.some((row) => checked.has(row.id));
  return {
    id: 'select',
    size: 40,
    header: () => (
      <Checkbox
        aria-label={allLabel}
        checked={all}
        indeterminate={some && !all}
        onChange={(event) =>
          onCheck(
            rows.map((row) => row.id),
            event.currentTarget.checked,
          )
        }
      />
    ),
    cell: ({ row }) => (
      <div onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
        <Checkbox
          aria-label={rowLabel(row.original)}
          checked={checked.has(row.original.id)}
          onChange={(event) => onCheck([row.original.id], event.currentTarget.checked)}
        />
      </div>
    ),
  };
}
