import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHART_BOX, domainOf, linePath, niceCeiling, stackBuckets } from './chartGeometry';
import { BarList, Chart } from './Charts';

describe('chart geometry', () => {
  const series = [{ name: 'a', points: [{ t: 2000, v: 5 }, { t: 1000, v: 0 }] }];

  it('rounds the value axis up to a readable number', () => {
    expect([niceCeiling(0), niceCeiling(7), niceCeiling(23), niceCeiling(0.013)]).toEqual([1, 10, 25, 0.02]);
    expect(domainOf(series)).toEqual({ tMin: 1000, tMax: 2000, vMax: 5 });
    expect(domainOf([{ name: 'none', points: [] }])).toBeNull();
  });

  it('draws a line from the left bottom to the right top, points in time order', () => {
    const domain = domainOf(series)!;
    const right = CHART_BOX.width - CHART_BOX.right;
    expect(linePath(CHART_BOX, domain, series[0]!.points)).toBe(`M${CHART_BOX.left.toFixed(1)},${(CHART_BOX.height - CHART_BOX.bottom).toFixed(1)} L${right.toFixed(1)},${CHART_BOX.top.toFixed(1)}`);
  });

  it('stacks series per time bucket', () => {
    expect(stackBuckets([{ name: 'x', points: [{ t: 1, v: 2 }] }, { name: 'y', points: [{ t: 1, v: 3 }, { t: 2, v: 1 }] }])).toEqual([
      { t: 1, segments: [{ name: 'x', from: 0, to: 2 }, { name: 'y', from: 2, to: 5 }] },
      { t: 2, segments: [{ name: 'x', from: 0, to: 0 }, { name: 'y', from: 0, to: 1 }] },
    ]);
  });
});

describe('Chart', () => {
  const data = [{ name: 'gpt-4o', points: [{ t: 0, v: 1 }, { t: 60_000, v: 3 }] }];

  it('draws marks in an svg inside the chart container when there is data', () => {
    const line = renderToStaticMarkup(<Chart title="Latency" series={data} format={String} />);
    expect(line).toContain('data-testid="chart"');
    expect(line).toMatch(/<svg[^>]*>.*<path class="chart__line"/);
    expect(line).toContain('gpt-4o');
    const stacked = renderToStaticMarkup(<Chart title="Cost" kind="stacked" series={data} format={String} />);
    expect(stacked.match(/<rect class="chart__bar"/g)).toHaveLength(2);
  });

  it('says in words that there is no data instead of drawing an empty frame', () => {
    const html = renderToStaticMarkup(<Chart title="Cost" series={[]} format={String} />);
    expect(html).not.toContain('<svg');
    expect(html).toContain('No data in this time range.');
    expect(renderToStaticMarkup(<BarList title="By model" rows={[]} format={String} />)).toContain('No data in this time range.');
  });
});
