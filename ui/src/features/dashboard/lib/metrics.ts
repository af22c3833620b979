// Langfuse metrics v2 queries (GET /api/public/v2/metrics?query=<json>) for the dashboard, and the
// turning of their rows into chart series. A row carries each dimension under its field name, the
// time bucket under `time_dimension`, and each metric under `<aggregation>_<measure>`.
import type { Series } from '../../../components/chartGeometry';

export type View = 'observations' | 'scores-numeric';
export type Aggregation = 'sum' | 'avg' | 'count' | 'p50' | 'p95' | 'p99';
export type Granularity = 'minute' | 'hour' | 'day';

export interface Metric {
  readonly measure: string;
  readonly aggregation: Aggregation;
}

export interface LangfuseFilter {
  readonly column: string;
  readonly operator: string;
  readonly value: string;
  readonly type: 'string';
}

export interface MetricsQuery {
  readonly view: View;
  readonly dimensions: readonly { readonly field: string }[];
  readonly metrics: readonly Metric[];
  readonly filters: readonly LangfuseFilter[];
  readonly timeDimension: { readonly granularity: Granularity } | null;
  readonly fromTimestamp: string;
  readonly toTimestamp: string;
  readonly orderBy?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[];
}

export type MetricsRow = Record<string, unknown>;

/** The breakdowns people pick on the dashboard, with the observations view's dimension field. */
export const BREAKDOWNS = [
  { id: 'none', label: 'No breakdown', field: null },
  { id: 'model', label: 'Model', field: 'providedModelName' },
  { id: 'user', label: 'User', field: 'userId' },
  { id: 'environment', label: 'Environment', field: 'environment' },
  { id: 'release', label: 'Release', field: 'release' },
  { id: 'prompt', label: 'Prompt version', field: 'promptVersion' },
] as const;

export type BreakdownId = (typeof BREAKDOWNS)[number]['id'];

export function breakdownField(id: string): string | null {
  return BREAKDOWNS.find((b) => b.id === id)?.field ?? null;
}

/** Buckets that give a readable number of points for the range. */
export function granularityFor(from: Date, to: Date): Granularity {
  const hours = (to.getTime() - from.getTime()) / 3_600_000;
  if (hours <= 3) return 'minute';
  if (hours <= 24 * 8) return 'hour';
  return 'day';
}

export function metricsQuery(options: {
  view?: View;
  metrics: readonly Metric[];
  dimension?: string | null;
  filters?: readonly LangfuseFilter[];
  from: Date;
  to: Date;
  overTime: boolean;
}): MetricsQuery {
  return {
    view: options.view ?? 'observations',
    dimensions: options.dimension ? [{ field: options.dimension }] : [],
    metrics: options.metrics,
    filters: options.filters ?? [],
    timeDimension: options.overTime ? { granularity: granularityFor(options.from, options.to) } : null,
    fromTimestamp: options.from.toISOString(),
    toTimestamp: options.to.toISOString(),
    // An explicit order turns off the API's gap-filling (as in Langfuse): the charts draw empty
    // buckets as gaps instead of a "(none)" series of zeros, and never plot a 0 ms latency.
    ...(options.overTime ? { orderBy: [{ field: 'time_dimension', direction: 'asc' as const }] } : {}),
  };
}

/** The metric's value in a row; numbers may arrive as strings (64-bit integers from ClickHouse). */
export function metricValue(row: MetricsRow, metric: Metric): number | null {
  const raw = row[`${metric.aggregation}_${metric.measure}`] ?? row[`${metric.measure}_${metric.aggregation}`] ?? row[metric.measure];
  if (raw === null || raw === undefined || raw === '') return null;
  const n = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(n) ? n : null;
}

export function bucketTime(row: MetricsRow): number | null {
  const raw = row['time_dimension'] ?? row['timeDimension'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  // ClickHouse answers "2026-11-25 10:00:00" (UTC, no zone); treat it as UTC.
  const text = typeof raw === 'string' && /^\d{4}-\d\d-\d\d \d/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw;
  const t = new Date(text).getTime();
  return Number.isNaN(t) ? null : t;
}

export function dimensionLabel(row: MetricsRow, field: string | null): string {
  if (field === null) return '';
  const raw = row[field];
  return raw === null || raw === undefined || raw === '' ? '(none)' : String(raw);
}

/** Most series a chart draws; the smaller rest is summed into "other". */
export const MAX_SERIES = 6;

/** One series per dimension value (or one unnamed series), largest totals first. */
export function toSeries(rows: readonly MetricsRow[], metric: Metric, field: string | null, name?: string): Series[] {
  const byName = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const t = bucketTime(row);
    const v = metricValue(row, metric);
    if (t === null || v === null) continue;
    const label = field === null ? (name ?? '') : dimensionLabel(row, field);
    const points = byName.get(label) ?? new Map<number, number>();
    points.set(t, (points.get(t) ?? 0) + v);
    byName.set(label, points);
  }
  const series = [...byName.entries()]
    .map(([seriesName, points]) => ({ name: seriesName, points: [...points.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })) }))
    .sort((a, b) => total(b) - total(a) || a.name.localeCompare(b.name));
  if (series.length <= MAX_SERIES) return series;
  const kept = series.slice(0, MAX_SERIES - 1);
  const rest = new Map<number, number>();
  for (const s of series.slice(MAX_SERIES - 1)) for (const p of s.points) rest.set(p.t, (rest.get(p.t) ?? 0) + p.v);
  return [...kept, { name: 'other', points: [...rest.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })) }];
}

/** Error share in percent per bucket (and dimension value): errors / all observations. */
export function errorRateSeries(all: readonly MetricsRow[], errors: readonly MetricsRow[], field: string | null): Series[] {
  const count: Metric = { measure: 'count', aggregation: 'count' };
  const errorSeries = new Map(toSeries(errors, count, field, 'error rate').map((s) => [s.name, new Map(s.points.map((p) => [p.t, p.v]))]));
  return toSeries(all, count, field, 'error rate').map((s) => ({
    name: s.name,
    points: s.points.map((p) => ({ t: p.t, v: p.v === 0 ? 0 : ((errorSeries.get(s.name)?.get(p.t) ?? 0) / p.v) * 100 })),
  }));
}

/** Totals per dimension value (no time dimension), largest first, for bar lists. */
export function toTotals(rows: readonly MetricsRow[], metric: Metric, field: string | null): { label: string; value: number }[] {
  return rows
    .map((row) => ({ label: dimensionLabel(row, field) || 'all', value: metricValue(row, metric) ?? 0 }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, 10);
}

function total(series: Series): number {
  return series.points.reduce((sum, p) => sum + p.v, 0);
}
