import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { IOView } from '../../../components/ChatMessages';
import { formatCost, formatCount, formatMillis, formatSeconds, formatTime } from '../../../components/format';
import { JsonView } from '../../../components/JsonView';
import type { Observation, Score, TraceDetail } from '../../../components/publicApi';
import { ScoreList } from './ScoreList';

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

function Facts({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="facts">
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** The selected observation: what it is, what it cost, what went in and came out. */
export function ObservationPanel({ observation: o, scores, projectId }: { observation: Observation; scores: readonly Score[]; projectId: string }) {
  const duration = o.endTime ? new Date(o.endTime).getTime() - new Date(o.startTime).getTime() : null;
  const usage = o.usageDetails ?? {};
  const cost = o.costDetails ?? {};
  return (
    <div className="panel">
      <h2>
        <span className={`type-badge type-badge--${o.type.toLowerCase()}`}>{o.type}</span> {o.name ?? o.id}
      </h2>
      <Facts
        rows={[
          ['Observation ID', <span className="mono">{o.id}</span>],
          ['Start', formatTime(o.startTime)],
          ['Duration', duration === null ? 'not ended' : formatMillis(duration)],
          ['Time to first token', o.timeToFirstToken == null ? null : formatSeconds(o.timeToFirstToken)],
          ['Level', <span className={`level level--${o.level.toLowerCase()}`}>{o.level}</span>],
          ['Status', o.statusMessage],
          ['Model', o.model],
          [
            'Prompt',
            o.promptName ? (
              <Link to={`/project/${encodeURIComponent(projectId)}/prompts/${encodeURIComponent(o.promptName)}${o.promptVersion == null ? '' : `?version=${o.promptVersion}`}`}>
                {o.promptName}
                {o.promptVersion == null ? '' : ` v${o.promptVersion}`}
              </Link>
            ) : null,
          ],
          ['Usage', Object.keys(usage).length === 0 ? null : Object.entries(usage).map(([k, v]) => `${k} ${formatCount(v)}`).join(' · ')],
          ['Cost', o.calculatedTotalCost == null ? null : `${formatCost(o.calculatedTotalCost)}${Object.keys(cost).length > 1 ? ` (${Object.entries(cost).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${formatCost(v)}`).join(', ')})` : ''}`],
        ]}
      />
      {isEmpty(o.modelParameters) ? null : (
        <section className="io">
          <h3>Model parameters</h3>
          <JsonView value={o.modelParameters} />
        </section>
      )}
      <IOView label="Input" value={o.input} />
      <IOView label="Output" value={o.output} />
      {isEmpty(o.metadata) ? null : (
        <section className="io">
          <h3>Metadata</h3>
          <JsonView value={o.metadata} />
        </section>
      )}
      {scores.length === 0 ? null : (
        <section className="io">
          <h3>Scores of this observation</h3>
          <ScoreList scores={scores} />
        </section>
      )}
    </div>
  );
}

/** The trace itself, shown when no observation is selected. */
export function TracePanel({ trace }: { trace: TraceDetail }) {
  return (
    <div className="panel">
      <h2>
        <span className="type-badge type-badge--trace">TRACE</span> {trace.name ?? trace.id}
      </h2>
      <IOView label="Input" value={trace.input} />
      <IOView label="Output" value={trace.output} />
      {isEmpty(trace.metadata) ? null : (
        <section className="io">
          <h3>Metadata</h3>
          <JsonView value={trace.metadata} />
        </section>
      )}
    </div>
  );
}
