// Pure geometry for the hand-written SVG charts: scales, paths and ticks, tested without a DOM.

export interface Point {
  readonly t: number; // epoch milliseconds
  readonly v: number;
}

export interface Series {
  readonly name: string;
  readonly points: readonly Point[];
}

export interface Box {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const CHART_BOX: Box = { width: 560, height: 200, left: 52, right: 12, top: 10, bottom: 26 };

export interface Domain {
  readonly tMin: number;
  readonly tMax: number;
  readonly vMax: number;
}

export function domainOf(series: readonly Series[]): Domain | null {
  let tMin = Infinity;
  let tMax = -Infinity;
  let vMax = 0;
  for (const s of series)
    for (const p of s.points) {
      if (!Number.isFinite(p.v)) continue;
      tMin = Math.min(tMin, p.t);
      tMax = Math.max(tMax, p.t);
      vMax = Math.max(vMax, p.v);
    }
  if (!Number.isFinite(tMin)) return null;
  return { tMin, tMax, vMax: niceCeiling(vMax) };
}

export function x(box: Box, domain: Domain, t: number): number {
  const span = domain.tMax - domain.tMin;
  const inner = box.width - box.left - box.right;
  return box.left + (span === 0 ? inner / 2 : ((t - domain.tMin) / span) * inner);
}

export function y(box: Box, domain: Domain, v: number): number {
  const inner = box.height - box.top - box.bottom;
  return box.top + inner - (domain.vMax === 0 ? 0 : (v / domain.vMax) * inner);
}

/** SVG path of one series, points in time order. */
export function linePath(box: Box, domain: Domain, points: readonly Point[]): string {
  return [...points]
    .filter((p) => Number.isFinite(p.v))
    .sort((a, b) => a.t - b.t)
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(box, domain, p.t).toFixed(1)},${y(box, domain, p.v).toFixed(1)}`)
    .join(' ');
}

/** 1, 2, 2.5 or 5 times a power of ten at or above `value` (0 stays 0... but a flat chart needs height). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= value) return m * magnitude;
  return 10 * magnitude;
}

/** Stacked bars: for each time bucket, the segments of every series on top of each other. */
export function stackBuckets(series: readonly Series[]): { t: number; segments: { name: string; from: number; to: number }[] }[] {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  return times.map((t) => {
    let base = 0;
    const segments = series.map((s) => {
      const v = s.points.find((p) => p.t === t)?.v ?? 0;
      const segment = { name: s.name, from: base, to: base + (Number.isFinite(v) ? v : 0) };
      base = segment.to;
      return segment;
    });
    return { t, segments };
  });
}
