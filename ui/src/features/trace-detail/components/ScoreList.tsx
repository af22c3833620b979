import type { Score } from '../../../components/publicApi';
import { formatTime } from '../../../components/format';

export function scoreValue(score: Score): string {
  if (score.dataType === 'CATEGORICAL' || score.dataType === 'BOOLEAN') {
    if (score.stringValue) return score.stringValue;
  }
  if (score.value === null) return score.stringValue ?? '—';
  return Number.isInteger(score.value) ? String(score.value) : score.value.toFixed(3);
}

export function ScoreList({ scores }: { scores: readonly Score[] }) {
  if (scores.length === 0) return <p className="muted">No scores yet.</p>;
  return (
    <ul className="score-list">
      {scores.map((s) => (
        <li key={s.id} data-testid="score-item" title={s.comment ?? undefined}>
          <span className="score-list__name">{s.name}</span>
          <span className="score-list__value">{scoreValue(s)}</span>
          <span className="muted">
            {s.source} · {formatTime(s.timestamp)}
            {s.observationId ? ' · observation' : ''}
          </span>
          {s.comment ? <div className="score-list__comment">{s.comment}</div> : null}
        </li>
      ))}
    </ul>
  );
}
