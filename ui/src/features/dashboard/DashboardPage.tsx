import { useCallback, useMemo, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { BarList, Chart } from '../../components/Charts';
import { formatCost, formatCount, formatMillis } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { Stat } from '../../components/Stat';
import { ErrorState, Loading } from '../../components/States';
import { describeTimeRange, readTimeRange, resolveTimeRange, writeTimeRange } from '../../components/timeRange';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { useApiData } from '../../components/useApiData';
import { useUrlState, withParam } from '../../components/useUrlState';
import { COST, COUNT, LATENCY, loadDashboard, SCORE_AVG, TOKENS, type Outcome } from './lib/dashboardData';
import { BREAKDOWNS, breakdownField, errorRateSeries, metricValue, toSeries, toTotals, type MetricsRow } from './lib/metrics';

export default function DashboardPage() {
  const projectId = useParams().projectId ?? '';
  const [params, update] = useUrlState();
  const range = useMemo(() => readTimeRange(params), [params]);
  const breakdown = BREAKDOWNS.some((b) => b.id === params.get('by')) ? params.get('by')! : 'none';
  const field = breakdownField(breakdown);
  const load = useCallback(() => {
    const { from, to } = resolveTimeRange(range);
    return loadDashboard(from, to, field);
  }, [range, field]);
  const { state, reload } = useApiData(`${projectId}?${params.toString()}`, load, 30_000);
  const byLabel = BREAKDOWNS.find((b) => b.id === breakdown)?.label.toLowerCase();

  return (
    <div className="page">
      <PageHeader title="Dashboard" subtitle={`Usage, cost, speed and quality over the ${describeTimeRange(range)}.`}>
        <label className="inline-label">
          Breakdown
          <select aria-label="Breakdown" value={breakdown} onChange={(e) => update((p) => withParam(p, 'by', e.target.value === 'none' ? null : e.target.value))}>
            {BREAKDOWNS.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        <TimeRangePicker value={range} onChange={(r) => update((p) => writeTimeRange(p, r))} />
      </PageHeader>
      {state.phase === 'loading' ? (
        <Loading what="the dashboard" />
      ) : state.phase === 'error' ? (
        <ErrorState message={state.message} status={state.status} onRetry={reload} />
      ) : (
        <>
          <Headline totals={state.data.totals} errorTotal={state.data.errorTotal} />
          <div className="chart-grid">
            <ChartOf outcome={state.data.cost}>{(rows) => <Chart title={`Cost${byLabel && field ? ` by ${byLabel}` : ''}`} kind="stacked" series={toSeries(rows, COST, field)} format={formatCost} />}</ChartOf>
            <ChartOf outcome={state.data.tokens}>{(rows) => <Chart title={`Tokens${byLabel && field ? ` by ${byLabel}` : ''}`} kind="stacked" series={toSeries(rows, TOKENS, field)} format={formatCount} />}</ChartOf>
            <ChartOf outcome={state.data.volume}>{(rows) => <Chart title="Requests (observations)" kind="stacked" series={toSeries(rows, COUNT, field)} format={formatCount} />}</ChartOf>
            <ChartOf outcome={state.data.latency}>
              {(rows) => (
                <Chart
                  title={field === null ? 'Latency p50 / p95 / p99' : `Latency p95 by ${byLabel}`}
                  series={field === null ? LATENCY.flatMap((m) => toSeries(rows, m, null, m.aggregation)) : toSeries(rows, LATENCY[1]!, field)}
                  format={formatMillis}
                />
              )}
            </ChartOf>
            {state.data.volume.ok && state.data.errors.ok ? (
              <Chart title="Error rate (level ERROR)" series={errorRateSeries(state.data.volume.rows, state.data.errors.rows, field)} format={(v) => `${v.toFixed(1)}%`} />
            ) : (
              <ChartOf outcome={state.data.errors.ok ? state.data.volume : state.data.errors}>{() => null}</ChartOf>
            )}
            <ChartOf outcome={state.data.scores}>
              {(rows) => <Chart title="Score averages" series={toSeries(rows, SCORE_AVG, 'name')} format={(v) => v.toFixed(2)} emptyText="No numeric scores in this time range." />}
            </ChartOf>
            {field === null ? null : (
              <ChartOf outcome={state.data.totals}>{(rows) => <BarList title={`Cost by ${byLabel}`} rows={toTotals(rows, COST, field)} format={formatCost} />}</ChartOf>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** A chart slot: the chart when its query answered, otherwise the reason in words. */
function ChartOf({ outcome, children }: { outcome: Outcome; children: (rows: readonly MetricsRow[]) => ReactNode }) {
  if (outcome.ok) return <>{children(outcome.rows)}</>;
  return (
    <figure className="chart" data-testid="chart">
      <div className="chart__empty" data-testid="error-state">
        This chart could not be loaded: {outcome.message}
      </div>
    </figure>
  );
}

function Headline({ totals, errorTotal }: { totals: Outcome; errorTotal: Outcome }) {
  if (!totals.ok) return null;
  const sum = (m: typeof COST) => totals.rows.reduce((s, row) => s + (metricValue(row, m) ?? 0), 0);
  const count = sum(COUNT);
  const errors = errorTotal.ok ? errorTotal.rows.reduce((s, row) => s + (metricValue(row, COUNT) ?? 0), 0) : null;
  return (
    <dl className="stats">
      <Stat label="Cost" value={formatCost(sum(COST))} />
      <Stat label="Tokens" value={formatCount(sum(TOKENS))} />
      <Stat label="Observations" value={formatCount(count)} />
      <Stat label="Error rate" value={errors === null ? '—' : count === 0 ? '0%' : `${((errors / count) * 100).toFixed(1)}%`} />
    </dl>
  );
}
