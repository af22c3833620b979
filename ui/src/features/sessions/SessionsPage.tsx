import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { DataTable, Pager, readPage, type Column } from '../../components/DataTable';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type Paged, type Session } from '../../components/publicApi';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { describeTimeRange, readTimeRange, resolveTimeRange, writeTimeRange } from '../../components/timeRange';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';

const COLUMNS: Column<Session>[] = [
  { id: 'id', header: 'Session ID', mono: true, render: (s) => s.id },
  { id: 'createdAt', header: 'Started', render: (s) => <time dateTime={s.createdAt}>{formatTime(s.createdAt)}</time> },
  { id: 'environment', header: 'Environment', render: (s) => s.environment },
];
const VISIBLE = COLUMNS.map((c) => c.id);

export default function SessionsPage() {
  const projectId = useParams().projectId ?? '';
  const navigate = useNavigate();
  const [params, update] = useUrlState();
  const range = useMemo(() => readTimeRange(params), [params]);
  const page = readPage(params);
  const load = useCallback(() => {
    const { from, to } = resolveTimeRange(range);
    return getPublic<Paged<Session>>('/sessions', { page, limit: 50, fromTimestamp: from.toISOString(), toTimestamp: to.toISOString() });
  }, [range, page]);
  const { state, reload } = useApiData(`${projectId}?${params.toString()}`, load, 10_000);

  return (
    <div className="page">
      <PageHeader title="Sessions" subtitle="Conversations and multi-step runs: traces that share a session id.">
        <TimeRangePicker value={range} onChange={(r) => update((p) => writeTimeRange(p, r))} />
      </PageHeader>
      {state.phase === 'loading' ? (
        <Loading what="sessions" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.message} status={state.status} onRetry={reload} />
      ) : state.data.data.length === 0 ? (
        <EmptyState title="No sessions">
          No session started in the {describeTimeRange(range)}. A trace joins a session when it is sent with a sessionId (Langfuse SDK) or the
          session.id / langfuse.session.id attribute (OpenTelemetry).
        </EmptyState>
      ) : (
        <>
          <DataTable
            label="Sessions"
            columns={COLUMNS}
            visible={VISIBLE}
            rows={state.data.data}
            rowKey={(s) => s.id}
            rowTestId="session-row"
            onOpen={(s) => navigate(`/project/${encodeURIComponent(projectId)}/sessions/${encodeURIComponent(s.id)}`)}
          />
          <Pager page={page} totalPages={state.data.meta.totalPages} totalItems={state.data.meta.totalItems} onPage={(n) => update((p) => withParam(p, 'page', String(n)))} />
        </>
      )}
    </div>
  );
}
