// Filters declared as data over a column catalogue. One filter travels three ways:
//   UI state  <->  URL (`f=<column>:<operator>:<value>[:<key>]`, each part URI-encoded, repeatable)
//   UI state   ->  the public API: simple equalities as Langfuse query parameters, the rest as
//                  Langfuse filter JSON ([{type, column, operator, value, key?}]).

export type FilterKind = 'string' | 'options' | 'array' | 'number' | 'keyValue' | 'keyNumber';

export interface FilterColumn {
  /** Id in the URL and in the UI state. */
  readonly id: string;
  readonly label: string;
  readonly kind: FilterKind;
  /** Column name in Langfuse filter JSON. */
  readonly apiColumn: string;
  readonly operators: readonly string[];
  /** When the filter is `=` (or `any of` for options, `all of` for arrays), send this query parameter instead. */
  readonly queryParam?: string;
  readonly options?: readonly string[];
  readonly placeholder?: string;
}

export interface Filter {
  readonly column: string;
  readonly operator: string;
  /** Text as typed; options and arrays are comma separated. */
  readonly value: string;
  /** The metadata key or score name for keyValue/keyNumber columns. */
  readonly key?: string;
}

export interface LangfuseFilter {
  readonly type: string;
  readonly column: string;
  readonly operator: string;
  readonly value: string | number | readonly string[];
  readonly key?: string;
}

const STRING_OPS = ['=', 'contains', 'starts with', '<>', 'does not contain'] as const;
const NUMBER_OPS = ['>=', '<=', '>', '<', '='] as const;

const WIRE_TYPE: Record<FilterKind, string> = {
  string: 'string',
  options: 'stringOptions',
  array: 'arrayOptions',
  number: 'number',
  keyValue: 'stringObject',
  keyNumber: 'numberObject',
};

/** The trace table's filterable columns. */
export const TRACE_FILTER_COLUMNS: readonly FilterColumn[] = [
  { id: 'name', label: 'Name', kind: 'string', apiColumn: 'name', operators: STRING_OPS, queryParam: 'name' },
  { id: 'user', label: 'User', kind: 'string', apiColumn: 'userId', operators: STRING_OPS, queryParam: 'userId' },
  { id: 'session', label: 'Session', kind: 'string', apiColumn: 'sessionId', operators: STRING_OPS, queryParam: 'sessionId' },
  { id: 'tags', label: 'Tags', kind: 'array', apiColumn: 'tags', operators: ['all of', 'any of', 'none of'], queryParam: 'tags', placeholder: 'tag-a, tag-b' },
  { id: 'environment', label: 'Environment', kind: 'options', apiColumn: 'environment', operators: ['any of', 'none of'], queryParam: 'environment', placeholder: 'production, staging' },
  { id: 'release', label: 'Release', kind: 'string', apiColumn: 'release', operators: STRING_OPS, queryParam: 'release' },
  { id: 'level', label: 'Level', kind: 'options', apiColumn: 'level', operators: ['any of', 'none of'], options: ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] },
  { id: 'model', label: 'Model', kind: 'string', apiColumn: 'model', operators: STRING_OPS },
  { id: 'cost', label: 'Cost ($)', kind: 'number', apiColumn: 'totalCost', operators: NUMBER_OPS },
  { id: 'latency', label: 'Latency (s)', kind: 'number', apiColumn: 'latency', operators: NUMBER_OPS },
  { id: 'metadata', label: 'Metadata', kind: 'keyValue', apiColumn: 'metadata', operators: STRING_OPS, placeholder: 'value' },
  { id: 'score', label: 'Score', kind: 'keyNumber', apiColumn: 'scores', operators: NUMBER_OPS, placeholder: 'value' },
];

export function findColumn(catalogue: readonly FilterColumn[], id: string): FilterColumn | undefined {
  return catalogue.find((c) => c.id === id);
}

// --- URL ------------------------------------------------------------------------------------

export function encodeFilter(filter: Filter): string {
  const parts = [filter.column, filter.operator, filter.value];
  if (filter.key !== undefined) parts.push(filter.key);
  return parts.map(encodeURIComponent).join(':');
}

/** Null for text that is not a filter of this catalogue (a hand-edited URL): it is ignored. */
export function decodeFilter(catalogue: readonly FilterColumn[], text: string): Filter | null {
  const parts = text.split(':').map(safeDecode);
  if (parts.length < 3 || parts.length > 4 || parts.some((p) => p === null)) return null;
  const [column, operator, value, key] = parts as string[];
  const definition = findColumn(catalogue, column ?? '');
  if (definition === undefined || !definition.operators.includes(operator ?? '')) return null;
  const needsKey = definition.kind === 'keyValue' || definition.kind === 'keyNumber';
  if (needsKey !== (key !== undefined && key !== '')) return null;
  return key === undefined ? { column: column!, operator: operator!, value: value! } : { column: column!, operator: operator!, value: value!, key };
}

export function readFilters(catalogue: readonly FilterColumn[], params: URLSearchParams): Filter[] {
  return params
    .getAll('f')
    .map((text) => decodeFilter(catalogue, text))
    .filter((f): f is Filter => f !== null);
}

export function writeFilters(params: URLSearchParams, filters: readonly Filter[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('f');
  next.delete('page');
  filters.forEach((f) => next.append('f', encodeFilter(f)));
  return next;
}

// --- API ------------------------------------------------------------------------------------

export interface ApiFilterParts {
  readonly params: Record<string, string | string[]>;
  readonly filter: LangfuseFilter[];
}

/** Query parameters for what Langfuse has parameters for, filter JSON for everything else. */
export function toApiFilter(catalogue: readonly FilterColumn[], filters: readonly Filter[]): ApiFilterParts {
  const params: Record<string, string | string[]> = {};
  const filter: LangfuseFilter[] = [];
  for (const f of filters) {
    const column = findColumn(catalogue, f.column);
    if (column === undefined || f.value.trim() === '') continue;
    const param = asQueryParam(column, f);
    if (param !== null && !(column.queryParam! in params)) {
      params[column.queryParam!] = param;
      continue;
    }
    const json = toLangfuse(column, f);
    if (json !== null) filter.push(json);
  }
  return { params, filter };
}

export function toLangfuse(column: FilterColumn, f: Filter): LangfuseFilter | null {
  const type = WIRE_TYPE[column.kind];
  const base = { type, column: column.apiColumn, operator: f.operator };
  switch (column.kind) {
    case 'string':
      return { ...base, value: f.value };
    case 'options':
    case 'array':
      return { ...base, value: splitList(f.value) };
    case 'number': {
      const n = Number(f.value);
      return Number.isFinite(n) ? { ...base, value: n } : null;
    }
    case 'keyValue':
      return { ...base, key: f.key ?? '', value: f.value };
    case 'keyNumber': {
      const n = Number(f.value);
      return Number.isFinite(n) ? { ...base, key: f.key ?? '', value: n } : null;
    }
  }
}

/** The inverse of toLangfuse for filters of this catalogue (a link from elsewhere). */
export function fromLangfuse(catalogue: readonly FilterColumn[], json: LangfuseFilter): Filter | null {
  const column = catalogue.find((c) => c.apiColumn === json.column && WIRE_TYPE[c.kind] === json.type);
  if (column === undefined || !column.operators.includes(json.operator)) return null;
  const value = Array.isArray(json.value) ? json.value.join(', ') : String(json.value);
  return json.key === undefined ? { column: column.id, operator: json.operator, value } : { column: column.id, operator: json.operator, value, key: json.key };
}

function asQueryParam(column: FilterColumn, f: Filter): string | string[] | null {
  if (column.queryParam === undefined) return null;
  if (column.kind === 'string' && f.operator === '=') return f.value.trim();
  if (column.kind === 'array' && f.operator === 'all of') return splitList(f.value);
  if (column.kind === 'options' && f.operator === 'any of') return splitList(f.value);
  return null;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function describeFilter(catalogue: readonly FilterColumn[], f: Filter): string {
  const label = findColumn(catalogue, f.column)?.label ?? f.column;
  return f.key === undefined ? `${label} ${f.operator} ${f.value}` : `${label}.${f.key} ${f.operator} ${f.value}`;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
