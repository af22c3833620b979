import { parseSort, readPage, type Sort } from '../../../components/DataTable';
import { readFilters, toApiFilter, TRACE_FILTER_COLUMNS, type Filter } from '../../../components/filters';
import type { Params } from '../../../components/publicApi';
import { readTimeRange, resolveTimeRange, type TimeRange } from '../../../components/timeRange';
import { DEFAULT_TRACE_COLUMNS } from './traceColumns';

export const TRACES_PAGE_SIZE = 50;
export const DEFAULT_TRACE_SORT: Sort = { key: 'timestamp', direction: 'desc' };

/** Everything the traces page shows, read from its URL. */
export interface TracesView {
  readonly range: TimeRange;
  readonly filters: readonly Filter[];
  readonly search: string;
  readonly sort: Sort;
  readonly page: number;
  readonly columns: readonly string[];
}

export function readTracesView(params: URLSearchParams): TracesView {
  const cols = params.get('cols');
  return {
    range: readTimeRange(params),
    filters: readFilters(TRACE_FILTER_COLUMNS, params),
    search: params.get('q') ?? '',
    sort: parseSort(params.get('sort'), DEFAULT_TRACE_SORT),
    page: readPage(params),
    columns: cols === null || cols === '' ? DEFAULT_TRACE_COLUMNS : cols.split(','),
  };
}

/** The GET /api/public/traces parameters for a view, with preset ranges resolved against `now`. */
export function tracesRequest(view: TracesView, now: Date = new Date()): Params {
  const { from, to } = resolveTimeRange(view.range, now);
  const { params, filter } = toApiFilter(TRACE_FILTER_COLUMNS, view.filters);
  return {
    page: view.page,
    limit: TRACES_PAGE_SIZE,
    orderBy: `${view.sort.key}.${view.sort.direction}`,
    fromTimestamp: from.toISOString(),
    toTimestamp: to.toISOString(),
    search: view.search === '' ? undefined : view.search,
    filter: filter.length === 0 ? undefined : JSON.stringify(filter),
    // Inputs and outputs can be megabytes each: fetch them only when their columns are shown.
    fields: view.columns.includes('input') || view.columns.includes('output') ? 'core,io,scores,observations,metrics' : 'core,scores,observations,metrics',
    ...params,
  };
}
