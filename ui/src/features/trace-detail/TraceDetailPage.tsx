import { useCallback, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { formatCost, formatSeconds, formatTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { getPublic, type TraceDetail } from '../../components/publicApi';
import { ErrorState, Loading } from '../../components/States';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { AddScoreForm } from './components/AddScoreForm';
import { ObservationPanel, TracePanel } from './components/DetailPanel';
import { ScoreList } from './components/ScoreList';
import { Waterfall } from './components/Waterfall';

export default function TraceDetailPage() {
  const { projectId = '', traceId = '' } = useParams();
  const [params, update] = useUrlState();
  const selectedId = params.get('observation');
  const load = useCallback(() => getPublic<TraceDetail>(`/traces/${encodeURIComponent(traceId)}`), [traceId]);
  const { state, reload } = useApiData(`${projectId}/${traceId}`, load);
  const select = useCallback((id: string | null) => update((p) => withParam(p, 'observation', id, false), true), [update]);
  const base = `/project/${encodeURIComponent(projectId)}`;

  const trace = state.phase === 'ready' ? state.data : null;
  const selected = useMemo(() => trace?.observations.find((o) => o.id === selectedId) ?? null, [trace, selectedId]);

  if (state.phase === 'loading') return <Loading what="the trace" />;
  if (state.phase === 'error') {
    return (
      <div className="page">
        <Link to={`${base}/traces`}>← Traces</Link>
        <ErrorState
          message={state.status === 404 ? `There is no trace "${traceId}" in this project. It may still be on its way (ingestion takes a moment) or belong to another project.` : state.message}
          status={state.status}
          onRetry={reload}
        />
      </div>
    );
  }
  const t = state.data;
  const traceScores = t.scores.filter((s) => !s.observationId);
  return (
    <div className="page">
      <Link to={`${base}/traces`}>← Traces</Link>
      <PageHeader title={t.name ?? 'Unnamed trace'} subtitle={<span className="mono">{t.id}</span>}>
        <AddScoreForm traceId={t.id} observationId={selected?.id ?? null} onAdded={reload} />
      </PageHeader>
      <dl className="facts facts--row">
        <div>
          <dt>Time</dt>
          <dd>{formatTime(t.timestamp)}</dd>
        </div>
        <div>
          <dt>Latency</dt>
          <dd>{formatSeconds(t.latency)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(t.totalCost)}</dd>
        </div>
        {t.userId ? (
          <div>
            <dt>User</dt>
            <dd>
              <Link to={`${base}/users/${encodeURIComponent(t.userId)}`}>{t.userId}</Link>
            </dd>
          </div>
        ) : null}
        {t.sessionId ? (
          <div>
            <dt>Session</dt>
            <dd>
              <Link className="mono" to={`${base}/sessions/${encodeURIComponent(t.sessionId)}`}>{t.sessionId}</Link>
            </dd>
          </div>
        ) : null}
        {t.environment ? (
          <div>
            <dt>Environment</dt>
            <dd>{t.environment}</dd>
          </div>
        ) : null}
        {t.release ? (
          <div>
            <dt>Release</dt>
            <dd>{t.release}</dd>
          </div>
        ) : null}
        {t.version ? (
          <div>
            <dt>Version</dt>
            <dd>{t.version}</dd>
          </div>
        ) : null}
        {t.tags.length > 0 ? (
          <div>
            <dt>Tags</dt>
            <dd>
              {t.tags.map((tag) => (
                <span key={tag} className="tag">{tag}</span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <section className="card">
        <h2 className="card__title">
          Scores <span className="muted">({traceScores.length})</span>
          {t.scores.length > traceScores.length ? (
            <span className="muted"> · {t.scores.length - traceScores.length} more on observations (select one to see them)</span>
          ) : null}
        </h2>
        <ScoreList scores={traceScores} />
      </section>
      <div className="trace-layout">
        <section className="card trace-layout__tree">
          <h2 className="card__title">
            Observations <span className="muted">({t.observations.length})</span>
            {selected === null ? null : (
              <button type="button" className="button button--quiet" onClick={() => select(null)}>
                Show trace
              </button>
            )}
          </h2>
          <Waterfall observations={t.observations} selectedId={selected?.id ?? null} onSelect={select} />
        </section>
        <section className="card trace-layout__detail">
          {selected === null ? (
            <TracePanel trace={t} />
          ) : (
            <ObservationPanel observation={selected} scores={t.scores.filter((s) => s.observationId === selected.id)} projectId={projectId} />
          )}
        </section>
      </div>
    </div>
  );
}
