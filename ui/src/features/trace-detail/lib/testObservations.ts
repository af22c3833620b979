import type { Observation } from '../../../components/publicApi';

/** A readable observation for tests: id, parent, start and end as seconds after 12:00:00Z. */
export function obs(id: string, parent: string | null, startSec: number, endSec: number | null, extra: Partial<Observation> = {}): Observation {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + s * 1000).toISOString();
  return {
    id,
    traceId: 't-1',
    type: 'SPAN',
    name: id,
    startTime: at(startSec),
    endTime: endSec === null ? null : at(endSec),
    level: 'DEFAULT',
    parentObservationId: parent,
    ...extra,
  };
}
