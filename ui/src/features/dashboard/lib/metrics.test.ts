import { describe, expect, it } from 'vitest';
import { dashboardQueries } from './dashboardData';
import { bucketTime, errorRateSeries, granularityFor, MAX_SERIES, toSeries, toTotals } from './metrics';

const h = (hour: number) => `2026-03-01 ${String(hour).padStart(2, '0')}:00:00`;
const t = (hour: number) => Date.UTC(2026, 2, 1, hour);
const COST = { measure: 'totalCost', aggregation: 'sum' } as const;
const COUNT = { measure: 'count', aggregation: 'count' } as const;

describe('metrics rows → chart series', () => {
  it('reads ClickHouse bucket times as UTC and ISO times as they are', () => {
    expect(bucketTime({ time_dimension: '2026-03-01 10:00:00' })).toBe(t(10));
    expect(bucketTime({ time_dimension: '2026-03-01T10:00:00.000Z' })).toBe(t(10));
    expect(bucketTime({})).toBeNull();
  });

  it('makes one series per breakdown value, largest first, numbers given as strings included', () => {
    const rows = [
      { time_dimension: h(1), providedModelName: 'gpt-4o', sum_totalCost: 0.5 },
      { time_dimension: h(2), providedModelName: 'gpt-4o', sum_totalCost: '1.5' },
      { time_dimension: h(1), providedModelName: 'claude', sum_totalCost: 3 },
      { time_dimension: h(2), providedModelName: null, sum_totalCost: 0.1 },
    ];
    expect(toSeries(rows, COST, 'providedModelName')).toEqual([
      { name: 'claude', points: [{ t: t(1), v: 3 }] },
      { name: 'gpt-4o', points: [{ t: t(1), v: 0.5 }, { t: t(2), v: 1.5 }] },
      { name: '(none)', points: [{ t: t(2), v: 0.1 }] },
    ]);
  });

  it('sums the smallest breakdown values into "other" past the series limit', () => {
    const rows = Array.from({ length: 9 }, (_, i) => ({ time_dimension: h(1), userId: `u${i}`, count_count: 10 - i }));
    const series = toSeries(rows, COUNT, 'userId');
    expect(series).toHaveLength(MAX_SERIES);
    expect(series.at(-1)).toEqual({ name: 'other', points: [{ t: t(1), v: 5 + 4 + 3 + 2 }] });
  });

  it('computes the error share per bucket, 0 where there were no errors', () => {
    const all = [
      { time_dimension: h(1), count_count: 4 },
      { time_dimension: h(2), count_count: 10 },
    ];
    const errors = [{ time_dimension: h(1), count_count: 1 }];
    expect(errorRateSeries(all, errors, null)).toEqual([{ name: 'error rate', points: [{ t: t(1), v: 25 }, { t: t(2), v: 0 }] }]);
  });

  it('lists totals for bar charts, largest first, zeros left out', () => {
    const rows = [
      { environment: 'prod', sum_totalCost: 2 },
      { environment: 'dev', sum_totalCost: 0 },
      { environment: 'staging', sum_totalCost: 5 },
    ];
    expect(toTotals(rows, COST, 'environment')).toEqual([
      { label: 'staging', value: 5 },
      { label: 'prod', value: 2 },
    ]);
  });
});

describe('dashboard queries', () => {
  const from = new Date('2026-03-01T00:00:00Z');
  const to = new Date('2026-03-02T00:00:00Z');

  it('asks metrics v2 for each chart in Langfuse query shape, with the breakdown as dimension', () => {
    const q = dashboardQueries(from, to, 'providedModelName');
    expect(q.cost).toEqual({
      view: 'observations',
      dimensions: [{ field: 'providedModelName' }],
      metrics: [{ measure: 'totalCost', aggregation: 'sum' }],
      filters: [],
      timeDimension: { granularity: 'hour' },
      fromTimestamp: '2026-03-01T00:00:00.000Z',
      toTimestamp: '2026-03-02T00:00:00.000Z',
      orderBy: [{ field: 'time_dimension', direction: 'asc' }],
    });
    expect(q.errors.filters).toEqual([{ column: 'level', operator: '=', value: 'ERROR', type: 'string' }]);
    expect(q.latency.metrics).toEqual([{ measure: 'latency', aggregation: 'p95' }]);
    expect(q.scores).toMatchObject({ view: 'scores-numeric', dimensions: [{ field: 'name' }], metrics: [{ measure: 'value', aggregation: 'avg' }] });
    expect(q.totals.timeDimension).toBeNull();
    expect(q.totals.orderBy).toBeUndefined();
  });

  it('asks for all three latency percentiles without a breakdown', () => {
    expect(dashboardQueries(from, to, null).latency.metrics.map((m) => m.aggregation)).toEqual(['p50', 'p95', 'p99']);
    expect(dashboardQueries(from, to, null).cost.dimensions).toEqual([]);
  });

  it('chooses bucket sizes that give a readable number of points', () => {
    expect(granularityFor(new Date(0), new Date(3_600_000))).toBe('minute');
    expect(granularityFor(new Date(0), new Date(7 * 86_400_000))).toBe('hour');
    expect(granularityFor(new Date(0), new Date(30 * 86_400_000))).toBe('day');
  });
});
