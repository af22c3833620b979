import { useCallback, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router';
import { DataTable, Pager, readPage } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type Paged, type UserSummary } from '../../components/publicApi';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { describeTimeRange, readTimeRange, resolveTimeRange, writeTimeRange } from '../../components/timeRange';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { USER_COLUMNS } from './lib/userColumns';

const VISIBLE = USER_COLUMNS.map((c) => c.id);

export default function UsersPage() {
  const projectId = useParams().projectId ?? '';
  const navigate = useNavigate();
  const [params, update] = useUrlState();
  const range = useMemo(() => readTimeRange(params, { kind: 'preset', preset: '30d' }), [params]);
  const page = readPage(params);
  const load = useCallback(() => {
    const { from, to } = resolveTimeRange(range);
    return getPublic<Paged<UserSummary>>('/users', { page, limit: 50, fromTimestamp: from.toISOString(), toTimestamp: to.toISOString() });
  }, [range, page]);
  const { state, reload } = useApiData(`${projectId}?${params.toString()}`, load, 15_000);

  return (
    <div className="page">
      <PageHeader title="Users" subtitle="Everyone who appears as a trace's userId, with what they used.">
        <TimeRangePicker value={range} onChange={(r) => update((p) => writeTimeRange(p, r))} />
      </PageHeader>
      {state.phase === 'loading' ? (
        <Loading what="users" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.message} status={state.status} onRetry={reload} />
      ) : state.data.data.length === 0 ? (
        <EmptyState title="No users">
          No trace in the {describeTimeRange(range)} names a user. Set userId on a trace (Langfuse SDK) or the user.id / langfuse.user.id attribute
          (OpenTelemetry).
        </EmptyState>
      ) : (
        <>
          <DataTable
            label="Users"
            columns={USER_COLUMNS}
            visible={VISIBLE}
            rows={state.data.data}
            rowKey={(u) => u.userId}
            rowTestId="user-row"
            onOpen={(u) => navigate(`/project/${encodeURIComponent(projectId)}/users/${encodeURIComponent(u.userId)}`)}
          />
          <Pager page={page} totalPages={state.data.meta.totalPages} totalItems={state.data.meta.totalItems} onPage={(n) => update((p) => withParam(p, 'page', String(n)))} />
        </>
      )}
    </div>
  );
}
