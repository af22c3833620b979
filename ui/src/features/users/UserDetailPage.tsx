import { useCallback } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DataTable, Pager, readPage } from '../../components/DataTable';
import { formatCost, formatCount, formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { Stat } from '../../components/Stat';
import { getPublic, type Paged, type TraceSummary, type UserSummary } from '../../components/publicApi';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { TRACE_COLUMNS } from '../traces/lib/traceColumns';

const SHOWN_COLUMNS = ['timestamp', 'name', 'session', 'latency', 'cost', 'observations', 'scores', 'tags'];

/** One user: totals, and that user's traces newest first. */
export default function UserDetailPage() {
  const { projectId = '', userId = '' } = useParams();
  const navigate = useNavigate();
  const [params, update] = useUrlState();
  const page = readPage(params);
  const base = `/project/${encodeURIComponent(projectId)}`;
  const loadUser = useCallback(() => getPublic<UserSummary>(`/users/${encodeURIComponent(userId)}`), [userId]);
  const loadTraces = useCallback(() => getPublic<Paged<TraceSummary>>('/traces', { userId, page, limit: 25, orderBy: 'timestamp.desc', fields: 'core,scores,observations,metrics' }), [userId, page]);
  const user = useApiData(`${projectId}/${userId}`, loadUser, 15_000);
  const traces = useApiData(`${projectId}/${userId}?${page}`, loadTraces, 15_000);

  return (
    <div className="page">
      <Link to={`${base}/users`}>← Users</Link>
      <PageHeader title={<span className="mono">{userId}</span>} subtitle="User" />
      {user.state.phase === 'loading' ? (
        <Loading what="the user" />
      ) : user.state.phase === 'error' ? (
        <ErrorState message={user.state.status === 404 ? `No trace in this project names the user "${userId}".` : user.state.message} status={user.state.status} onRetry={user.reload} />
      ) : (
        <dl className="stats">
          <Stat label="Traces" value={formatCount(user.state.data.traceCount)} />
          <Stat label="Tokens" value={formatCount(user.state.data.totalTokens)} hint={`${formatCount(user.state.data.inputTokens)} in · ${formatCount(user.state.data.outputTokens)} out`} />
          <Stat label="Cost" value={formatCost(user.state.data.totalCost)} />
          <Stat label="First seen" value={formatTime(user.state.data.firstSeen)} />
          <Stat label="Last seen" value={formatTime(user.state.data.lastSeen)} />
        </dl>
      )}
      <h2>Traces</h2>
      {traces.state.phase === 'loading' ? (
        <Loading what="traces" />
      ) : traces.state.phase === 'error' ? (
        <ErrorState message={traces.state.message} status={traces.state.status} onRetry={traces.reload} />
      ) : traces.state.data.data.length === 0 ? (
        <EmptyState title="No traces for this user" />
      ) : (
        <>
          <DataTable
            label="Traces of this user"
            columns={TRACE_COLUMNS}
            visible={SHOWN_COLUMNS}
            rows={traces.state.data.data}
            rowKey={(t) => t.id}
            rowTestId="trace-row"
            rowAttributes={(t) => ({ 'data-trace-id': t.id })}
            onOpen={(t) => navigate(`${base}/traces/${encodeURIComponent(t.id)}`)}
          />
          <Pager page={page} totalPages={traces.state.data.meta.totalPages} totalItems={traces.state.data.meta.totalItems} onPage={(n) => update((p) => withParam(p, 'page', String(n)))} />
        </>
      )}
    </div>
  );
}
