import { Center, Loader, Table, Text } from '@mantine/core';
import { flexRender, type Column, type RowData, type Table as TableInstance } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ariaSort, type ListSort } from './SortHeader.js';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /**
     * Left out when the table is narrower than its columns (a narrow window), the rightmost secondary
     * column first: the row's detail, which opening the row shows, has it. The others are the key columns.
     */
    secondary?: boolean;
    /** The list's sort column this header sorts by: the cell then carries `aria-sort`. */
    sortBy?: string;
  }
}

const HEADER_HEIGHT = 40;
/** Start loading the next page this many rows before the end, so scrolling rarely waits. */
const LOAD_AHEAD = 30;

export interface VirtualTableProps<T> {
  table: TableInstance<T>;
  /** The table's accessible name. */
  label: string;
  rowHeight: number;
  /** All matching rows, when known; only some are loaded. */
  total?: number | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (item: T) => void;
  selectedRowId?: string | undefined;
  /** How the list is sorted, for the headers' `aria-sort`. */
  sort?: ListSort<string> | null | undefined;
}

/**
 * A real <table> that renders only the rows in view, with one keyboard stop: Tab enters the table,
 * arrows, Page Up/Down, Home and End move between rows, Enter opens one.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { table, label, rowHeight, total, hasMore, loadingMore, onLoadMore, onOpen, selectedRowId, sort } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;

  // The width the table has, to leave out its secondary columns when all of them would not fit.
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const columns = table.getVisibleLeafColumns();
  // Secondary columns step aside one at a time, the rightmost first, until the rest fit: an 800 px window
  // keeps as many as it has room for.
  const hidden = new Set<string>();
  let fullSize = columns.reduce((sum, column) => sum + column.getSize(), 0);
  for (const column of [...columns].reverse()) {
    if (width === 0 || fullSize <= width) break;
    if (column.columnDef.meta?.secondary !== true) continue;
    hidden.add(column.id);
    fullSize -= column.getSize();
  }
  const shown = (column: Column<T>) => !hidden.has(column.id);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastVisible >= rows.length - 1 - LOAD_AHEAD) onLoadMore();
  }, [hasMore, loadingMore, lastVisible, rows.length, onLoadMore]);

  const [activeIndex, setActiveIndex] = useState(0);
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);
  const active = Math.max(0, Math.min(activeIndex, rows.length - 1));

  // The row to focus may only exist after the virtualizer has scrolled to it and re-rendered.
  useLayoutEffect(() => {
    if (pendingFocus === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${pendingFocus}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      setPendingFocus(null);
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(index, rows.length - 1));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    setPendingFocus(next);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    // From the active row rather than the event's: during fast key repeat, focus may still be on
    // a row the virtualizer has not replaced yet.
    const index = active;
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageSize,
      PageUp: index - pageSize,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rows[index];
      if (row) onOpen(row.original);
    }
  };

  const paddingTop = (items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT;
  const paddingBottom = virtualizer.getTotalSize() - ((items.at(-1)?.end ?? HEADER_HEIGHT) - HEADER_HEIGHT);
  const columnCount = columns.filter(shown).length;
  // Column sizes are proportions of the table's width and, summed, its minimum width.
  const totalSize = columns.filter(shown).reduce((sum, column) => sum + column.getSize(), 0);

  return (
    <div ref={scrollRef} className="virtual-table-scroll">
      <Table
        className="virtual-table"
        stickyHeader
        highlightOnHover
        aria-label={label}
        aria-rowcount={total === undefined ? -1 : total + 1}
        style={{ minWidth: totalSize }}
      >
        <Table.Thead style={{ height: HEADER_HEIGHT }}>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id} aria-rowindex={1}>
              {group.headers
                .filter((header) => shown(header.column))
                .map((header) => (
                  <Table.Th
                    key={header.id}
                    style={{ width: `${(header.getSize() / totalSize) * 100}%` }}
                    aria-sort={ariaSort(sort, header.column.columnDef.meta?.sortBy)}
                  >
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                  </Table.Th>
                ))}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <Table.Tr
                key={row.id}
                data-index={item.index}
                data-selected={row.id === selectedRowId || undefined}
                aria-rowindex={item.index + 2}
                tabIndex={item.index === active ? 0 : -1}
                style={{ height: rowHeight }}
                onFocus={() => setActiveIndex(item.index)}
                onClick={() => onOpen(row.original)}
                onKeyDown={onRowKeyDown}
              >
                {row
                  .getVisibleCells()
                  .filter((cell) => shown(cell.column))
                  .map((cell) => (
                    <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                  ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {loadingMore && (
        <Center py="sm" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm" ml="xs" c="dimmed">
            Loading more…
          </Text>
        </Center>
      )}
    </div>
  );
}
