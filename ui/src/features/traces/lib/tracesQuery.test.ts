import { describe, expect, it } from 'vitest';
import { readTracesView, tracesRequest } from './tracesQuery';

describe('traces page URL → API request', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('defaults to the last 24 hours, newest first, page 1', () => {
    const request = tracesRequest(readTracesView(new URLSearchParams('')), now);
    expect(request).toEqual({
      page: 1,
      limit: 50,
      orderBy: 'timestamp.desc',
      fromTimestamp: '2026-02-28T12:00:00.000Z',
      toTimestamp: '2026-03-01T12:00:00.000Z',
      search: undefined,
      filter: undefined,
      fields: 'core,scores,observations,metrics',
    });
  });

  it('carries search, sort, page, custom range and filters from the link', () => {
    const url = new URLSearchParams();
    url.set('q', 'refund');
    url.set('sort', 'latency.asc');
    url.set('page', '4');
    url.set('range', 'custom');
    url.set('from', '2026-02-01T00:00:00.000Z');
    url.set('to', '2026-02-02T00:00:00.000Z');
    url.append('f', 'user:=:ann');
    url.append('f', 'cost:>=:0.5');
    const request = tracesRequest(readTracesView(new URLSearchParams(url.toString())), now);
    expect(request).toMatchObject({
      page: 4,
      orderBy: 'latency.asc',
      search: 'refund',
      userId: 'ann',
      fromTimestamp: '2026-02-01T00:00:00.000Z',
      toTimestamp: '2026-02-02T00:00:00.000Z',
      filter: JSON.stringify([{ type: 'number', column: 'totalCost', operator: '>=', value: 0.5 }]),
    });
  });

  it('asks for inputs and outputs only when their columns are shown', () => {
    expect(tracesRequest(readTracesView(new URLSearchParams('cols=timestamp,input')), now).fields).toBe('core,io,scores,observations,metrics');
  });

  it('falls back to defaults for nonsense in the URL', () => {
    const view = readTracesView(new URLSearchParams('sort=drop table&page=-2&range=forever'));
    expect(view.sort).toEqual({ key: 'timestamp', direction: 'desc' });
    expect(view.page).toBe(1);
    expect(view.range).toEqual({ kind: 'preset', preset: '24h' });
  });
});
