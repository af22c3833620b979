import { useState } from 'react';
import { describeFilter, findColumn, type Filter, type FilterColumn } from './filters';

/** Active filters as removable chips, and a small form that adds one from the catalogue. */
export function FilterBar({
  catalogue,
  filters,
  onChange,
}: {
  catalogue: readonly FilterColumn[];
  filters: readonly Filter[];
  onChange: (filters: Filter[]) => void;
}) {
  const first = catalogue[0];
  const [columnId, setColumnId] = useState(first?.id ?? '');
  const column = findColumn(catalogue, columnId) ?? first;
  const [operator, setOperator] = useState(column?.operators[0] ?? '=');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  if (column === undefined) return null;
  const needsKey = column.kind === 'keyValue' || column.kind === 'keyNumber';
  const numeric = column.kind === 'number' || column.kind === 'keyNumber';
  const valid = value.trim() !== '' && (!needsKey || key.trim() !== '') && (!numeric || Number.isFinite(Number(value)));

  const add = () => {
    if (!valid) return;
    const filter: Filter = needsKey
      ? { column: column.id, operator, value: value.trim(), key: key.trim() }
      : { column: column.id, operator, value: value.trim() };
    onChange([...filters, filter]);
    setValue('');
    setKey('');
  };

  return (
    <div className="filter-bar">
      {filters.map((f, index) => (
        <span key={`${index}-${f.column}`} className="filter-chip" data-testid="filter-chip">
          {describeFilter(catalogue, f)}
          <button
            type="button"
            aria-label={`Remove filter ${describeFilter(catalogue, f)}`}
            onClick={() => onChange(filters.filter((_, i) => i !== index))}
          >
            ×
          </button>
        </span>
      ))}
      <form
        className="filter-form"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <select
          aria-label="Filter column"
          value={column.id}
          onChange={(e) => {
            const next = findColumn(catalogue, e.target.value);
            setColumnId(e.target.value);
            setOperator(next?.operators[0] ?? '=');
          }}
        >
          {catalogue.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        {needsKey ? (
          <input aria-label="Filter key" placeholder={column.kind === 'keyNumber' ? 'score name' : 'key'} value={key} onChange={(e) => setKey(e.target.value)} />
        ) : null}
        <select aria-label="Filter operator" value={operator} onChange={(e) => setOperator(e.target.value)}>
          {column.operators.map((op) => (
            <option key={op} value={op}>
              {op}
            </option>
          ))}
        </select>
        {column.options !== undefined ? (
          <select aria-label="Filter value" value={value} onChange={(e) => setValue(e.target.value)}>
            <option value="">choose…</option>
            {column.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input
            aria-label="Filter value"
            inputMode={numeric ? 'decimal' : 'text'}
            placeholder={column.placeholder ?? (numeric ? 'number' : 'value')}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        <button type="submit" className="button" disabled={!valid}>
          Add filter
        </button>
        {filters.length > 0 ? (
          <button type="button" className="button button--quiet" onClick={() => onChange([])}>
            Clear all
          </button>
        ) : null}
      </form>
    </div>
  );
}
