import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../../lib/api';
import { decodeHealth, fetchHealth } from './health';

describe('decodeHealth', () => {
  it('reads status and version', () => {
    expect(decodeHealth({ status: 'OK', version: '0.1.0' })).toEqual({ status: 'OK', version: '0.1.0' });
  });

  it('accepts an answer without a version', () => {
    expect(decodeHealth({ status: 'OK' })).toEqual({ status: 'OK', version: null });
  });

  it('rejects an answer without a status', () => {
    expect(() => decodeHealth({ version: '0.1.0' })).toThrow('health.status is not a string');
    expect(() => decodeHealth(['OK'])).toThrow('health is not a JSON object');
  });
});

describe('fetchHealth', () => {
  it('asks GET /api/public/health on the same origin', async () => {
    const urls: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response('{"status":"OK","version":"0.1.0"}', { status: 200 });
    }) as typeof globalThis.fetch;

    const result = await fetchHealth(new ApiClient({ fetch }));

    expect(urls).toEqual(['/api/public/health']);
    expect(result).toEqual({ kind: 'ok', value: { status: 'OK', version: '0.1.0' } });
  });
});
