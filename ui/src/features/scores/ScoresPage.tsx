import { useCallback, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { DataTable, Pager, readPage, type Column } from '../../components/DataTable';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type Paged, type Score } from '../../components/publicApi';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { describeTimeRange, readTimeRange, resolveTimeRange, writeTimeRange } from '../../components/timeRange';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { scoreValue } from '../trace-detail/components/ScoreList';
import { readScoreFilters, scoresRequest, SCORE_DATA_TYPES, SCORE_SOURCES } from './lib/scoreFilters';

function scoreColumns(projectId: string): Column<Score>[] {
  const base = `/project/${encodeURIComponent(projectId)}`;
  return [
    { id: 'timestamp', header: 'Time', render: (s) => <time dateTime={s.timestamp}>{formatTime(s.timestamp)}</time> },
    { id: 'name', header: 'Name', render: (s) => s.name },
    { id: 'value', header: 'Value', numeric: true, render: (s) => scoreValue(s) },
    { id: 'source', header: 'Source', render: (s) => s.source },
    { id: 'dataType', header: 'Data type', render: (s) => s.dataType },
    {
      id: 'target',
      header: 'Target',
      mono: true,
      render: (s) =>
        s.traceId ? (
          <Link to={`${base}/traces/${encodeURIComponent(s.traceId)}${s.observationId ? `?observation=${encodeURIComponent(s.observationId)}` : ''}`}>{s.traceId}</Link>
        ) : s.sessionId ? (
          <Link to={`${base}/sessions/${encodeURIComponent(s.sessionId)}`}>session {s.sessionId}</Link>
        ) : (
          '—'
        ),
    },
    { id: 'comment', header: 'Comment', render: (s) => <span className="cell-preview">{s.comment}</span> },
  ];
}

export default function ScoresPage() {
  const projectId = useParams().projectId ?? '';
  const [params, update] = useUrlState();
  const filters = useMemo(() => readScoreFilters(params), [params]);
  const range = useMemo(() => readTimeRange(params), [params]);
  const page = readPage(params);
  const columns = useMemo(() => scoreColumns(projectId), [projectId]);
  const load = useCallback(() => {
    const { from, to } = resolveTimeRange(range);
    return getPublic<Paged<Score>>('/v2/scores', scoresRequest(filters, from, to, page));
  }, [filters, range, page]);
  const { state, reload } = useApiData(`${projectId}?${params.toString()}`, load, 10_000);
  const set = (name: string, value: string) => update((p) => withParam(p, name, value));

  return (
    <div className="page">
      <PageHeader title="Scores" subtitle="Evaluations of traces, observations and sessions: from the API, from people, from evaluators.">
        <TimeRangePicker value={range} onChange={(r) => update((p) => writeTimeRange(p, r))} />
      </PageHeader>
      <div className="toolbar">
        <input aria-label="Score name" placeholder="Score name" defaultValue={filters.name} onBlur={(e) => set('name', e.target.value.trim())} onKeyDown={(e) => e.key === 'Enter' && set('name', e.currentTarget.value.trim())} />
        <select aria-label="Source" value={filters.source} onChange={(e) => set('source', e.target.value)}>
          <option value="">Any source</option>
          {SCORE_SOURCES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Data type" value={filters.dataType} onChange={(e) => set('dataType', e.target.value)}>
          <option value="">Any data type</option>
          {SCORE_DATA_TYPES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      {state.phase === 'loading' ? (
        <Loading what="scores" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.message} status={state.status} onRetry={reload} />
      ) : state.data.data.length === 0 ? (
        <EmptyState title="No scores match">
          No score in the {describeTimeRange(range)} matches these filters. Scores come from the API (POST /api/public/scores), the SDKs, or the Add score button on a trace.
        </EmptyState>
      ) : (
        <>
          <DataTable label="Scores" columns={columns} visible={columns.map((c) => c.id)} rows={state.data.data} rowKey={(s) => s.id} rowTestId="score-row" />
          <Pager page={page} totalPages={state.data.meta.totalPages} totalItems={state.data.meta.totalItems} onPage={(n) => update((p) => withParam(p, 'page', String(n)))} />
        </>
      )}
    </div>
  );
}
