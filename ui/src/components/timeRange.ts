// A time range as it lives in the URL: `range=24h` (a preset relative to now) or
// `range=custom&from=<ISO>&to=<ISO>`. Presets are resolved at request time so polling moves with the clock.

export const PRESETS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;

export type PresetId = (typeof PRESETS)[number]['id'];

export type TimeRange =
  | { readonly kind: 'preset'; readonly preset: PresetId }
  | { readonly kind: 'custom'; readonly from: string; readonly to: string };

export const DEFAULT_RANGE: TimeRange = { kind: 'preset', preset: '24h' };

export function readTimeRange(params: URLSearchParams, fallback: TimeRange = DEFAULT_RANGE): TimeRange {
  const range = params.get('range');
  if (range === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (from !== null && to !== null && isDate(from) && isDate(to)) return { kind: 'custom', from, to };
    return fallback;
  }
  const preset = PRESETS.find((p) => p.id === range);
  return preset === undefined ? fallback : { kind: 'preset', preset: preset.id };
}

/** Writes the range into a copy of `params`; other state is kept, the page goes back to 1. */
export function writeTimeRange(params: URLSearchParams, range: TimeRange): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('page');
  next.delete('from');
  next.delete('to');
  if (range.kind === 'preset') {
    next.set('range', range.preset);
  } else {
    next.set('range', 'custom');
    next.set('from', range.from);
    next.set('to', range.to);
  }
  return next;
}

export function resolveTimeRange(range: TimeRange, now: Date = new Date()): { from: Date; to: Date } {
  if (range.kind === 'custom') return { from: new Date(range.from), to: new Date(range.to) };
  const preset = PRESETS.find((p) => p.id === range.preset) ?? PRESETS[1];
  return { from: new Date(now.getTime() - preset.ms), to: now };
}

export function describeTimeRange(range: TimeRange): string {
  if (range.kind === 'custom') return `${range.from} – ${range.to}`;
  return PRESETS.find((p) => p.id === range.preset)?.label.toLowerCase() ?? range.preset;
}

function isDate(text: string): boolean {
  return !Number.isNaN(new Date(text).getTime());
}
