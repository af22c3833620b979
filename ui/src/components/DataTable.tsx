import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<R> {
  readonly id: string;
  readonly header: string;
  readonly render: (row: R) => ReactNode;
  /** Set when the API can order by this column (Langfuse's `orderBy=<sortKey>.<dir>`). */
  readonly sortKey?: string;
  readonly numeric?: boolean;
  readonly mono?: boolean;
}

export interface Sort {
  readonly key: string;
  readonly direction: 'asc' | 'desc';
}

export function parseSort(text: string | null, fallback: Sort): Sort {
  const match = /^([A-Za-z]+)\.(asc|desc)$/.exec(text ?? '');
  return match === null ? fallback : { key: match[1]!, direction: match[2] as 'asc' | 'desc' };
}

export function formatSort(sort: Sort): string {
  return `${sort.key}.${sort.direction}`;
}

interface DataTableProps<R> {
  readonly label: string;
  readonly columns: readonly Column<R>[];
  /** Ids of the shown columns, in catalogue order. */
  readonly visible: readonly string[];
  readonly rows: readonly R[];
  readonly rowKey: (row: R) => string;
  readonly sort?: Sort;
  readonly onSort?: (sort: Sort) => void;
  readonly onOpen?: (row: R) => void;
  readonly rowTestId?: string;
  readonly rowAttributes?: (row: R) => Record<string, string>;
}

/**
 * The one table of the UI. Keyboard: focus the table, ↑/↓ or j/k move the selection, Enter opens.
 * The selection is remembered by row key, so a background refresh that adds rows keeps it.
 */
export function DataTable<R>(props: DataTableProps<R>) {
  const { columns, visible, rows, rowKey, sort, onSort, onOpen } = props;
  const shown = columns.filter((c) => visible.includes(c.id));
  const [selected, setSelected] = useState<string | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => rowKey(r) === selected);

  useEffect(() => {
    if (selectedIndex < 0) return;
    const row = body.current?.children[selectedIndex] as HTMLElement | undefined;
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedIndex]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0 || event.target instanceof HTMLInputElement) return;
    const move = (delta: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, (selectedIndex < 0 ? (delta > 0 ? -1 : rows.length) : selectedIndex) + delta));
      setSelected(rowKey(rows[next]!));
      event.preventDefault();
    };
    if (event.key === 'ArrowDown' || event.key === 'j') move(1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(-1);
    else if (event.key === 'Enter' && selectedIndex >= 0 && onOpen !== undefined) {
      event.preventDefault();
      onOpen(rows[selectedIndex]!);
    }
  };

  return (
    <div className="data-table" tabIndex={0} role="region" aria-label={`${props.label} (use arrow keys or j/k, Enter opens)`} onKeyDown={onKeyDown}>
      <table>
        <thead>
          <tr>
            {shown.map((column) => (
              <th key={column.id} className={column.numeric ? 'num' : undefined} aria-sort={ariaSort(column, sort)}>
                {column.sortKey !== undefined && onSort !== undefined ? (
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() =>
                      onSort({
                        key: column.sortKey!,
                        direction: sort?.key === column.sortKey && sort?.direction === 'desc' ? 'asc' : 'desc',
                      })
                    }
                  >
                    {column.header}
                    {sort?.key === column.sortKey ? (sort.direction === 'desc' ? ' ↓' : ' ↑') : ''}
                  </button>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((row, index) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                data-testid={props.rowTestId}
                {...props.rowAttributes?.(row)}
                aria-selected={index === selectedIndex}
                className={index === selectedIndex ? 'selected' : undefined}
                onClick={() => {
                  setSelected(key);
                  onOpen?.(row);
                }}
              >
                {shown.map((column) => (
                  <td key={column.id} className={[column.numeric ? 'num' : '', column.mono ? 'mono' : ''].join(' ').trim() || undefined}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ariaSort<R>(column: Column<R>, sort: Sort | undefined): 'ascending' | 'descending' | undefined {
  if (sort === undefined || column.sortKey !== sort.key) return undefined;
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** Checkboxes over the table's columns; at least one stays on. */
export function ColumnChooser<R>({
  columns,
  visible,
  onChange,
}: {
  columns: readonly Column<R>[];
  visible: readonly string[];
  onChange: (visible: string[]) => void;
}) {
  return (
    <details className="column-chooser">
      <summary className="button">Columns</summary>
      <div className="column-chooser__menu">
        {columns.map((column) => (
          <label key={column.id}>
            <input
              type="checkbox"
              checked={visible.includes(column.id)}
              disabled={visible.length === 1 && visible.includes(column.id)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? columns.filter((c) => c.id === column.id || visible.includes(c.id)).map((c) => c.id)
                    : visible.filter((id) => id !== column.id),
                )
              }
            />
            {column.header}
          </label>
        ))}
      </div>
    </details>
  );
}

export function Pager({
  page,
  totalPages,
  totalItems,
  onPage,
}: {
  page: number;
  totalPages: number;
  totalItems: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous
      </button>
      <span>
        Page {page} of {Math.max(totalPages, 1)} · {totalItems} {totalItems === 1 ? 'item' : 'items'}
      </span>
      <button type="button" className="button" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        Next →
      </button>
    </nav>
  );
}

export function readPage(params: URLSearchParams): number {
  const page = Number(params.get('page') ?? '1');
  return Number.isInteger(page) && page >= 1 ? page : 1;
}
