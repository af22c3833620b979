import type { Column } from '../../../components/DataTable';
import { formatCost, formatSeconds, formatTime } from '../../../components/format';
import type { TraceSummary } from '../../../components/publicApi';

const previews = new WeakMap<object, string>();

/** A one-line preview of an input/output; objects are serialized once per value, then cached. */
export function preview(value: unknown, max = 90): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.slice(0, max);
  if (typeof value !== 'object') return String(value).slice(0, max);
  let text = previews.get(value);
  if (text === undefined) {
    text = (JSON.stringify(value) ?? '').slice(0, max);
    previews.set(value, text);
  }
  return text;
}

export const TRACE_COLUMNS: readonly Column<TraceSummary>[] = [
    { id: 'timestamp', header: 'Time', sortKey: 'timestamp', render: (t) => <time dateTime={t.timestamp}>{formatTime(t.timestamp)}</time> },
    { id: 'name', header: 'Name', sortKey: 'name', render: (t) => t.name ?? <span className="muted">unnamed</span> },
    { id: 'id', header: 'Trace ID', mono: true, render: (t) => t.id },
    // Plain text, not links: a click anywhere on a row opens the trace (the trace page links on).
    { id: 'user', header: 'User', sortKey: 'userId', render: (t) => t.userId },
    { id: 'session', header: 'Session', sortKey: 'sessionId', mono: true, render: (t) => t.sessionId },
    { id: 'input', header: 'Input', render: (t) => <span className="cell-preview">{preview(t.input)}</span> },
    { id: 'output', header: 'Output', render: (t) => <span className="cell-preview">{preview(t.output)}</span> },
    { id: 'latency', header: 'Latency', numeric: true, render: (t) => formatSeconds(t.latency) },
    { id: 'cost', header: 'Cost', numeric: true, render: (t) => formatCost(t.totalCost) },
    { id: 'observations', header: 'Observations', numeric: true, render: (t) => t.observations?.length ?? '—' },
    { id: 'scores', header: 'Scores', numeric: true, render: (t) => t.scores?.length ?? '—' },
    { id: 'tags', header: 'Tags', render: (t) => t.tags.map((tag) => <span key={tag} className="tag">{tag}</span>) },
    { id: 'environment', header: 'Environment', sortKey: 'environment', render: (t) => t.environment },
    { id: 'release', header: 'Release', sortKey: 'release', render: (t) => t.release },
    { id: 'version', header: 'Version', render: (t) => t.version },
];

export const DEFAULT_TRACE_COLUMNS = ['timestamp', 'name', 'user', 'session', 'latency', 'cost', 'observations', 'scores', 'tags', 'environment'];
