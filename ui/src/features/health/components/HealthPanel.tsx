import type { HealthView } from '../lib/healthView';

const TONE_LABEL = { pending: 'Checking', ok: 'Healthy', degraded: 'Degraded', down: 'Unreachable' } as const;

interface HealthPanelProps {
  readonly view: HealthView;
  readonly onRecheck: () => void;
}

/** Shows one HealthView; knows nothing about fetching. */
export function HealthPanel({ view, onRecheck }: HealthPanelProps) {
  const busy = view.tone === 'pending';
  return (
    <section className={`health health--${view.tone}`} aria-labelledby="health-headline" aria-busy={busy}>
      <div className="health__summary" role="status">
        <span className="health__dot" aria-hidden="true" />
        <span className="health__tone">{TONE_LABEL[view.tone]}</span>
        <h2 id="health-headline" className="health__headline">
          {view.headline}
        </h2>
      </div>
      <p className="health__detail">{view.detail}</p>
      <dl className="health__facts">
        <dt>Server version</dt>
        <dd>{view.version ?? 'unknown'}</dd>
        <dt>Last checked</dt>
        <dd>{view.checkedAt !== null ? <time dateTime={view.checkedAt.toISOString()}>{view.checkedAt.toLocaleTimeString()}</time> : 'not yet'}</dd>
      </dl>
      <button type="button" className="health__recheck" onClick={onRecheck} disabled={busy}>
        Check again
      </button>
    </section>
  );
}
