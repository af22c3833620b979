import { getPublic } from '../../../components/publicApi';
import { errorState } from '../../../components/useApiData';
import { metricsQuery, type LangfuseFilter, type Metric, type MetricsQuery, type MetricsRow } from './metrics';

export const COST: Metric = { measure: 'totalCost', aggregation: 'sum' };
export const TOKENS: Metric = { measure: 'totalTokens', aggregation: 'sum' };
export const COUNT: Metric = { measure: 'count', aggregation: 'count' };
export const LATENCY: readonly Metric[] = (['p50', 'p95', 'p99'] as const).map((aggregation) => ({ measure: 'latency', aggregation }));
export const SCORE_AVG: Metric = { measure: 'value', aggregation: 'avg' };
const ERRORS: LangfuseFilter[] = [{ column: 'level', operator: '=', value: 'ERROR', type: 'string' }];

export type Outcome = { readonly ok: true; readonly rows: readonly MetricsRow[] } | { readonly ok: false; readonly message: string };

export type DashboardData = Record<keyof ReturnType<typeof dashboardQueries>, Outcome>;

/** Every query the dashboard runs for a range and a breakdown field. */
export function dashboardQueries(from: Date, to: Date, field: string | null) {
  const over = (metrics: readonly Metric[], extra: { filters?: readonly LangfuseFilter[]; dimension?: string | null } = {}) =>
    metricsQuery({ metrics, dimension: extra.dimension === undefined ? field : extra.dimension, filters: extra.filters ?? [], from, to, overTime: true });
  return {
    cost: over([COST]),
    tokens: over([TOKENS]),
    volume: over([COUNT]),
    errors: over([COUNT], { filters: ERRORS }),
    latency: field === null ? over(LATENCY) : over([LATENCY[1]!]),
    scores: metricsQuery({ view: 'scores-numeric', metrics: [SCORE_AVG], dimension: 'name', from, to, overTime: true }),
    totals: metricsQuery({ metrics: [COST, TOKENS, COUNT], dimension: field, from, to, overTime: false }),
    errorTotal: metricsQuery({ metrics: [COUNT], filters: ERRORS, from, to, overTime: false }),
  } satisfies Record<string, MetricsQuery>;
}

/** Runs the queries side by side; one failing chart says why without taking the others down. */
export async function loadDashboard(from: Date, to: Date, field: string | null): Promise<DashboardData> {
  const queries = dashboardQueries(from, to, field);
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, query]): Promise<[string, Outcome]> => {
      try {
        const answer = await getPublic<{ data: MetricsRow[] }>('/v2/metrics', { query: JSON.stringify(query) });
        return [name, { ok: true, rows: answer.data ?? [] }];
      } catch (error) {
        return [name, { ok: false, message: errorState(error).message }];
      }
    }),
  );
  return Object.fromEntries(entries) as DashboardData;
}
