import { describe, expect, it } from 'vitest';
import { decodeFilter, encodeFilter, fromLangfuse, readFilters, toApiFilter, toLangfuse, TRACE_FILTER_COLUMNS as C, writeFilters, findColumn, type Filter } from './filters';

const filters: Filter[] = [
  { column: 'name', operator: 'contains', value: 'chat: v2 / 100%' },
  { column: 'environment', operator: 'none of', value: 'staging, dev' },
  { column: 'latency', operator: '>=', value: '1.5' },
  { column: 'metadata', operator: '=', value: 'eu:west', key: 'region:x' },
  { column: 'score', operator: '<', value: '0.5', key: 'helpfulness' },
  { column: 'level', operator: 'any of', value: 'ERROR' },
];

describe('filters in the URL', () => {
  it('round-trip through the query string, whatever characters the values hold', () => {
    const params = writeFilters(new URLSearchParams('range=7d&page=3'), filters);
    const url = new URLSearchParams(params.toString());
    expect(readFilters(C, url)).toEqual(filters);
    expect(url.get('range')).toBe('7d');
    expect(url.get('page')).toBeNull(); // a new filter starts at page 1
  });

  it('ignores entries that are not filters of the catalogue (hand-edited links)', () => {
    expect(decodeFilter(C, 'nope:=:x')).toBeNull();
    expect(decodeFilter(C, 'name:>=:x')).toBeNull();
    expect(decodeFilter(C, 'metadata:=:x')).toBeNull(); // needs a key
    expect(decodeFilter(C, 'name:=:x:key')).toBeNull(); // takes none
    expect(decodeFilter(C, 'name:=:%E0%A4%A')).toBeNull();
    expect(decodeFilter(C, encodeFilter({ column: 'user', operator: '=', value: 'ann' }))).toEqual({ column: 'user', operator: '=', value: 'ann' });
  });
});

describe('filters to the API', () => {
  it('sends equalities as Langfuse query parameters and the rest as filter JSON', () => {
    const { params, filter } = toApiFilter(C, [
      { column: 'user', operator: '=', value: 'ann' },
      { column: 'tags', operator: 'all of', value: 'a, b' },
      { column: 'environment', operator: 'any of', value: 'production' },
      { column: 'name', operator: 'starts with', value: 'chat' },
      { column: 'cost', operator: '>', value: '0.01' },
      { column: 'metadata', operator: '=', value: 'eu', key: 'region' },
      { column: 'score', operator: '>=', value: '0.8', key: 'accuracy' },
    ]);
    expect(params).toEqual({ userId: 'ann', tags: ['a', 'b'], environment: ['production'] });
    expect(filter).toEqual([
      { type: 'string', column: 'name', operator: 'starts with', value: 'chat' },
      { type: 'number', column: 'totalCost', operator: '>', value: 0.01 },
      { type: 'stringObject', column: 'metadata', operator: '=', value: 'eu', key: 'region' },
      { type: 'numberObject', column: 'scores', operator: '>=', value: 0.8, key: 'accuracy' },
    ]);
  });

  it('puts a second equality on the same column into the filter JSON instead of dropping it', () => {
    const { params, filter } = toApiFilter(C, [
      { column: 'user', operator: '=', value: 'ann' },
      { column: 'user', operator: '=', value: 'bob' },
    ]);
    expect(params).toEqual({ userId: 'ann' });
    expect(filter).toEqual([{ type: 'string', column: 'userId', operator: '=', value: 'bob' }]);
  });

  it('skips empty values and numbers that are not numbers', () => {
    expect(toApiFilter(C, [{ column: 'latency', operator: '>', value: 'fast' }, { column: 'name', operator: 'contains', value: ' ' }])).toEqual({ params: {}, filter: [] });
  });

  it('maps Langfuse filter JSON back to the same UI filters', () => {
    for (const f of filters) {
      const json = toLangfuse(findColumn(C, f.column)!, f)!;
      const back = fromLangfuse(C, JSON.parse(JSON.stringify(json)));
      expect(back).toEqual({ ...f, value: f.value.split(',').map((v) => v.trim()).join(', ') });
    }
  });
});
