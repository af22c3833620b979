import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, parseSort, type Column } from './DataTable';

interface Row {
  id: string;
  name: string;
  cost: number;
}
const columns: Column<Row>[] = [
  { id: 'name', header: 'Name', sortKey: 'name', render: (r) => r.name },
  { id: 'id', header: 'ID', mono: true, render: (r) => r.id },
  { id: 'cost', header: 'Cost', numeric: true, sortKey: 'totalCost', render: (r) => r.cost },
];
const rows: Row[] = [
  { id: 'r1', name: 'first', cost: 1 },
  { id: 'r2', name: 'second', cost: 2 },
];

describe('DataTable', () => {
  it('renders only the chosen columns, rows with test ids and attributes, and the sort state', () => {
    const html = renderToStaticMarkup(
      <DataTable
        label="Things"
        columns={columns}
        visible={['name', 'cost']}
        rows={rows}
        rowKey={(r) => r.id}
        rowTestId="trace-row"
        rowAttributes={(r) => ({ 'data-trace-id': r.id })}
        sort={{ key: 'totalCost', direction: 'desc' }}
        onSort={() => {}}
      />,
    );
    expect(html.match(/data-testid="trace-row"/g)).toHaveLength(2);
    expect(html).toContain('data-trace-id="r2"');
    expect(html).not.toContain('>ID<');
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain('Cost ↓');
    expect(html).toContain('tabindex="0"');
  });

  it('reads sort state from the URL and refuses anything else', () => {
    const fallback = { key: 'timestamp', direction: 'desc' } as const;
    expect(parseSort('latency.asc', fallback)).toEqual({ key: 'latency', direction: 'asc' });
    expect(parseSort('latency;drop', fallback)).toEqual(fallback);
    expect(parseSort(null, fallback)).toEqual(fallback);
  });
});
