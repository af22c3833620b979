import type { Observation } from '../../../components/publicApi';

export interface TimelineSpan {
  /** Milliseconds from the trace's first start. */
  readonly startMs: number;
  readonly endMs: number;
}

export interface TimelineBar {
  readonly leftPercent: number;
  readonly widthPercent: number;
  /** Null when the observation has not ended (or has no end time): drawn as a thin marker. */
  readonly durationMs: number | null;
}

/** Narrowest bar drawn, so a 1 ms span next to a 10 minute one is still visible and clickable. */
export const MIN_BAR_PERCENT = 0.4;

export function timelineSpan(observations: readonly Observation[]): TimelineSpan & { readonly originMs: number } {
  let origin = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const o of observations) {
    const start = ms(o.startTime);
    if (start === null) continue;
    origin = Math.min(origin, start);
    end = Math.max(end, ms(o.endTime ?? null) ?? start);
  }
  if (!Number.isFinite(origin)) return { originMs: 0, startMs: 0, endMs: 0 };
  return { originMs: origin, startMs: 0, endMs: end - origin };
}

export function timelineBar(observation: Observation, originMs: number, totalMs: number): TimelineBar {
  const start = ms(observation.startTime) ?? originMs;
  const end = ms(observation.endTime ?? null);
  const durationMs = end === null || end < start ? null : end - start;
  if (totalMs <= 0) return { leftPercent: 0, widthPercent: 100, durationMs };
  const left = clamp(((start - originMs) / totalMs) * 100, 0, 100);
  const width = durationMs === null ? MIN_BAR_PERCENT : Math.max((durationMs / totalMs) * 100, MIN_BAR_PERCENT);
  return { leftPercent: left, widthPercent: Math.min(width, 100 - left || MIN_BAR_PERCENT), durationMs };
}

/** Round tick positions for an axis of `totalMs`, about `count` of them. */
export function timelineTicks(totalMs: number, count = 5): number[] {
  if (totalMs <= 0) return [0];
  const rough = totalMs / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}

function ms(iso: string | null): number | null {
  if (iso === null || iso === '') return null;
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? null : t;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
