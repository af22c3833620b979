import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { IOView } from '../../components/ChatMessages';
import { formatCost, formatSeconds, formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type SessionDetail } from '../../components/publicApi';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useApiData } from '../../components/useApiData';
import { conversationTurns } from './lib/conversation';

const TURN_CHUNK = 30;

/** Replays the session: each trace in time order, its input and output as chat messages. */
export default function SessionDetailPage() {
  const { projectId = '', sessionId = '' } = useParams();
  const load = useCallback(() => getPublic<SessionDetail>(`/sessions/${encodeURIComponent(sessionId)}`), [sessionId]);
  const { state, reload } = useApiData(`${projectId}/${sessionId}`, load, 10_000);
  const turns = useMemo(() => (state.phase === 'ready' ? conversationTurns(state.data.traces) : []), [state]);
  const [shown, setShown] = useState(TURN_CHUNK);
  const base = `/project/${encodeURIComponent(projectId)}`;

  return (
    <div className="page">
      <Link to={`${base}/sessions`}>← Sessions</Link>
      <PageHeader title="Session" subtitle={<span className="mono">{sessionId}</span>} />
      {state.phase === 'loading' ? (
        <Loading what="the session" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.status === 404 ? `There is no session "${sessionId}" in this project.` : state.message} status={state.status} onRetry={reload} />
      ) : turns.length === 0 ? (
        <EmptyState title="This session has no traces yet" />
      ) : (
        <ol className="conversation">
          {turns.slice(0, shown).map((t, index) => (
            <li key={t.id} className="card turn" data-testid="session-turn">
              <div className="turn__head">
                <span className="turn__number">#{index + 1}</span>
                <Link to={`${base}/traces/${encodeURIComponent(t.id)}`}>{t.name ?? t.id}</Link>
                <span className="muted">
                  {[formatTime(t.timestamp), t.latency == null ? null : formatSeconds(t.latency), t.totalCost == null ? null : formatCost(t.totalCost)]
                    .filter((part) => part !== null)
                    .join(' · ')}
                  {t.userId ? ' · ' : ''}
                </span>
                {t.userId ? <Link to={`${base}/users/${encodeURIComponent(t.userId)}`}>{t.userId}</Link> : null}
              </div>
              <div className="turn__io">
                <IOView label="Input" value={t.input} />
                <IOView label="Output" value={t.output} />
              </div>
            </li>
          ))}
          {turns.length > shown ? (
            <button type="button" className="show-all" onClick={() => setShown(shown + TURN_CHUNK)}>
              Show {Math.min(TURN_CHUNK, turns.length - shown)} more of {turns.length} turns
            </button>
          ) : null}
        </ol>
      )}
    </div>
  );
}
