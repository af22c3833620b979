import { describe, expect, it } from 'vitest';
import { obs } from './testObservations';
import { MIN_BAR_PERCENT, timelineBar, timelineSpan, timelineTicks } from './timeline';

describe('timeline geometry', () => {
  const observations = [obs('root', null, 0, 10), obs('half', 'root', 5, 10), obs('tiny', 'root', 2, 2.001), obs('open', 'root', 8, null)];
  const span = timelineSpan(observations);

  it('spans from the first start to the last end', () => {
    expect(span.endMs - span.startMs).toBe(10_000);
  });

  it('places bars in percent of the span, with their durations', () => {
    expect(timelineBar(observations[0]!, span.originMs, 10_000)).toEqual({ leftPercent: 0, widthPercent: 100, durationMs: 10_000 });
    expect(timelineBar(observations[1]!, span.originMs, 10_000)).toEqual({ leftPercent: 50, widthPercent: 50, durationMs: 5_000 });
  });

  it('keeps very short and unfinished observations visible at the minimum width', () => {
    const tiny = timelineBar(observations[2]!, span.originMs, 10_000);
    expect(tiny.widthPercent).toBe(MIN_BAR_PERCENT);
    expect(tiny.durationMs).toBe(1);
    const open = timelineBar(observations[3]!, span.originMs, 10_000);
    expect(open).toEqual({ leftPercent: 80, widthPercent: MIN_BAR_PERCENT, durationMs: null });
  });

  it('draws a trace whose observations all start and end at once as full-width bars', () => {
    const point = [obs('p', null, 1, 1)];
    const s = timelineSpan(point);
    expect(timelineBar(point[0]!, s.originMs, s.endMs - s.startMs)).toEqual({ leftPercent: 0, widthPercent: 100, durationMs: 0 });
  });

  it('chooses round ticks', () => {
    expect(timelineTicks(10_000)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
    expect(timelineTicks(730)).toEqual([0, 200, 400, 600]);
    expect(timelineTicks(0)).toEqual([0]);
  });
});
