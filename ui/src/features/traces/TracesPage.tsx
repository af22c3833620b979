import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ColumnChooser, DataTable, formatSort, Pager } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { TRACE_FILTER_COLUMNS, writeFilters } from '../../components/filters';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type Paged, type TraceSummary } from '../../components/publicApi';
import { SearchBox } from '../../components/SearchBox';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { describeTimeRange, writeTimeRange } from '../../components/timeRange';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { TRACE_COLUMNS } from './lib/traceColumns';
import { readTracesView, tracesRequest } from './lib/tracesQuery';

/** New traces show up without a reload: the list is fetched again this often, in the background. */
const POLL_MS = 5_000;

export default function TracesPage() {
  const projectId = useParams().projectId ?? '';
  const navigate = useNavigate();
  const [params, update] = useUrlState();
  const view = useMemo(() => readTracesView(params), [params]);
  const key = `${projectId}?${params.toString()}`;
  const load = useCallback(() => getPublic<Paged<TraceSummary>>('/traces', tracesRequest(view)), [view]);
  const { state, reload } = useApiData(key, load, POLL_MS);
  const search = useCallback((text: string) => update((p) => withParam(p, 'q', text)), [update]);

  return (
    <div className="page">
      <PageHeader title="Traces" subtitle={`Traces of the ${describeTimeRange(view.range)}, refreshed every 5 seconds.`}>
        <TimeRangePicker value={view.range} onChange={(range) => update((p) => writeTimeRange(p, range))} />
      </PageHeader>
      <div className="toolbar">
        <SearchBox testId="trace-search" value={view.search} placeholder="Search ids, names, input and output…" onCommit={search} />
        <ColumnChooser columns={TRACE_COLUMNS} visible={view.columns} onChange={(cols) => update((p) => withParam(p, 'cols', cols.join(','), false))} />
      </div>
      <FilterBar catalogue={TRACE_FILTER_COLUMNS} filters={view.filters} onChange={(filters) => update((p) => writeFilters(p, filters))} />
      {state.phase === 'loading' ? (
        <Loading what="traces" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.message} status={state.status} onRetry={reload} />
      ) : state.data.data.length === 0 ? (
        <EmptyState title="No traces match">
          {view.filters.length > 0 || view.search !== ''
            ? 'Nothing in this time range matches the search and filters. Remove a filter or widen the time range.'
            : `No traces were recorded in the ${describeTimeRange(view.range)}. Send one with a Langfuse SDK or OpenTelemetry; it appears here within seconds.`}
        </EmptyState>
      ) : (
        <>
          <DataTable
            label="Traces"
            columns={TRACE_COLUMNS}
            visible={view.columns}
            rows={state.data.data}
            rowKey={(t) => t.id}
            rowTestId="trace-row"
            rowAttributes={(t) => ({ 'data-trace-id': t.id })}
            sort={view.sort}
            onSort={(sort) => update((p) => withParam(p, 'sort', formatSort(sort)))}
            onOpen={(t) => navigate(`/project/${encodeURIComponent(projectId)}/traces/${encodeURIComponent(t.id)}`)}
          />
          <Pager
            page={view.page}
            totalPages={state.data.meta.totalPages}
            totalItems={state.data.meta.totalItems}
            onPage={(page) => update((p) => withParam(p, 'page', String(page)))}
          />
        </>
      )}
    </div>
  );
}
