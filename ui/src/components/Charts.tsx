import { CHART_BOX as box, domainOf, linePath, stackBuckets, x, y, type Series } from './chartGeometry';

export const PALETTE = ['#2f6fdb', '#2f9e44', '#e8590c', '#9c36b5', '#0c8599', '#c92a2a', '#5c940d', '#d6336c'];

/**
 * A series keeps its colour across charts (gpt-4o is the same colour in cost and in latency): the
 * colour comes from the name, not from the position. "(none)" and "other" are grey.
 */
export function colorFor(name: string): string {
  if (name === '(none)' || name === 'other' || name === '') return name === '' ? PALETTE[0]! : '#868e96';
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

interface ChartProps {
  readonly title: string;
  readonly series: readonly Series[];
  readonly format: (v: number) => string;
  /** 'line' for rates and percentiles, 'stacked' for totals that add up (cost, tokens, counts). */
  readonly kind?: 'line' | 'stacked';
  readonly emptyText?: string;
}

/** A titled chart card; the SVG has marks only when there is data, otherwise words say why. */
export function Chart({ title, series, format, kind = 'line', emptyText }: ChartProps) {
  const domain = kind === 'stacked' ? stackedDomain(series) : domainOf(series);
  // Bars are centred on their bucket: inset the time axis so the first and last stay inside.
  const plot = kind === 'stacked' ? { ...box, left: box.left + 16, right: box.right + 16 } : box;
  return (
    <figure className="chart" data-testid="chart">
      <figcaption>{title}</figcaption>
      {domain === null ? (
        <div className="chart__empty" data-testid="empty-state">
          {emptyText ?? 'No data in this time range.'}
        </div>
      ) : (
        <>
          <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={title}>
            {[0, 0.5, 1].map((f) => (
              <g key={f}>
                <line className="chart__grid" x1={box.left} x2={box.width - box.right} y1={y(box, domain, domain.vMax * f)} y2={y(box, domain, domain.vMax * f)} />
                <text className="chart__label" x={box.left - 6} y={y(box, domain, domain.vMax * f) + 4} textAnchor="end">
                  {format(domain.vMax * f)}
                </text>
              </g>
            ))}
            {timeTicks(domain).map((t, i, ticks) => (
              <text key={i} className="chart__label" x={x(plot, domain, t)} y={box.height - 6} textAnchor={ticks.length === 1 ? 'middle' : i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}>
                {timeLabel(t, domain.tMax - domain.tMin)}
              </text>
            ))}
            {kind === 'stacked' ? <StackedBars series={series} domain={domain} format={format} plot={plot} /> : <Lines series={series} domain={domain} format={format} />}
          </svg>
          {series.length > 1 || (series[0]?.name ?? '') !== '' ? (
            <ul className="chart__legend">
              {series.map((s) => (
                <li key={s.name}>
                  <span className="swatch" style={{ background: colorFor(s.name) }} />
                  {s.name === '' ? '(none)' : s.name}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
    </figure>
  );
}

type Domain = NonNullable<ReturnType<typeof domainOf>>;

function Lines({ series, domain, format }: { series: readonly Series[]; domain: Domain; format: (v: number) => string }) {
  return (
    <>
      {series.map((s) => (
        <g key={s.name} stroke={colorFor(s.name)} fill={colorFor(s.name)}>
          <path className="chart__line" d={linePath(box, domain, s.points)} fill="none" />
          {s.points.map((p) => (
            <circle key={p.t} cx={x(box, domain, p.t)} cy={y(box, domain, p.v)} r={2.5}>
              <title>{`${s.name ? s.name + ': ' : ''}${format(p.v)} at ${new Date(p.t).toLocaleString()}`}</title>
            </circle>
          ))}
        </g>
      ))}
    </>
  );
}

function StackedBars({ series, domain, format, plot }: { series: readonly Series[]; domain: Domain; format: (v: number) => string; plot: typeof box }) {
  const buckets = stackBuckets(series);
  const inner = plot.width - plot.left - plot.right;
  const width = Math.max(2, Math.min(28, (inner / Math.max(buckets.length, 1)) * 0.7));
  return (
    <>
      {buckets.map((bucket) =>
        bucket.segments.map((segment) =>
          segment.to > segment.from ? (
            <rect
              key={`${bucket.t}-${segment.name}`}
              className="chart__bar"
              x={x(plot, domain, bucket.t) - width / 2}
              width={width}
              y={y(box, domain, segment.to)}
              height={Math.max(0.5, y(box, domain, segment.from) - y(box, domain, segment.to))}
              fill={colorFor(segment.name)}
            >
              <title>{`${segment.name ? segment.name + ': ' : ''}${format(segment.to - segment.from)} at ${new Date(bucket.t).toLocaleString()}`}</title>
            </rect>
          ) : null,
        ),
      )}
    </>
  );
}

function stackedDomain(series: readonly Series[]): Domain | null {
  const buckets = stackBuckets(series);
  const totals = buckets.map((b) => ({ t: b.t, v: b.segments.at(-1)?.to ?? 0 }));
  return domainOf([{ name: 'total', points: totals }]);
}

// One bucket (all points at one time) has one label, centred; otherwise start, middle and end.
function timeTicks(domain: { tMin: number; tMax: number }): number[] {
  return domain.tMin === domain.tMax ? [domain.tMin] : [domain.tMin, (domain.tMin + domain.tMax) / 2, domain.tMax];
}

function timeLabel(t: number, span: number): string {
  const date = new Date(t);
  if (span > 2 * 86_400_000) return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Horizontal bars for a breakdown total (cost by model, …). */
export function BarList({ title, rows, format }: { title: string; rows: readonly { label: string; value: number }[]; format: (v: number) => string }) {
  const max = Math.max(...rows.map((r) => r.value), 0);
  return (
    <figure className="chart" data-testid="chart">
      <figcaption>{title}</figcaption>
      {rows.length === 0 ? (
        <div className="chart__empty" data-testid="empty-state">No data in this time range.</div>
      ) : (
        <svg viewBox={`0 0 ${box.width} ${rows.length * 24 + 4}`} role="img" aria-label={title}>
          {rows.map((row, i) => (
            <g key={row.label} transform={`translate(0 ${i * 24 + 2})`}>
              <text className="chart__label" x={150} y={15} textAnchor="end">
                {row.label === '' ? '(none)' : row.label.slice(0, 24)}
              </text>
              <rect className="chart__bar" x={158} y={3} height={16} width={max === 0 ? 0 : Math.max(1, (row.value / max) * (box.width - 240))} fill={colorFor(row.label)} />
              <text className="chart__label" x={box.width - 4} y={15} textAnchor="end">
                {format(row.value)}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
