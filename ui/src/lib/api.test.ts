import { describe, expect, it } from 'vitest';
import { ApiClient, readObject, readString } from './api';

// A hand-written stand-in for the browser's fetch: it records the request and plays one answer.
function answering(answer: () => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init });
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const decodeName = (value: unknown) => readString(readObject(value, 'thing'), 'name', 'thing');

describe('ApiClient.get', () => {
  it('decodes a 2xx JSON answer and asks for JSON at baseUrl + path', async () => {
    const server = answering(() => json(200, { name: 'glasshouse' }));
    const client = new ApiClient({ baseUrl: 'http://localhost:3000', fetch: server.fetch });

    const result = await client.get('/api/things/1', decodeName);

    expect(result).toEqual({ kind: 'ok', value: 'glasshouse' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe('http://localhost:3000/api/things/1');
    expect(server.requests[0]?.init?.headers).toEqual({ Accept: 'application/json' });
  });

  it('reports a non-2xx answer with the server message and parsed body', async () => {
    const body = { code: 'NOT_FOUND', message: 'No trace with id t-1 in this project.' };
    const client = new ApiClient({ fetch: answering(() => json(404, body)).fetch });

    const result = await client.get('/api/things/1', decodeName);

    expect(result).toEqual({ kind: 'http-error', status: 404, message: 'No trace with id t-1 in this project.', body });
  });

  it('reports a non-JSON error page with a null body and no message', async () => {
    const client = new ApiClient({ fetch: answering(() => new Response('Bad Gateway', { status: 502 })).fetch });

    expect(await client.get('/x', decodeName)).toEqual({ kind: 'http-error', status: 502, message: null, body: null });
  });

  it('reports a 2xx answer of the wrong shape as invalid, naming what was wrong', async () => {
    const client = new ApiClient({ fetch: answering(() => json(200, { name: 42 })).fetch });

    expect(await client.get('/x', decodeName)).toEqual({
      kind: 'invalid-response',
      status: 200,
      reason: 'thing.name is not a string',
    });
  });

  it('reports a 2xx answer that is not JSON as invalid', async () => {
    const client = new ApiClient({ fetch: answering(() => new Response('<html></html>', { status: 200 })).fetch });

    expect(await client.get('/x', decodeName)).toEqual({ kind: 'invalid-response', status: 200, reason: 'the body is not JSON' });
  });

  it('reports a refused connection as unreachable with the reason', async () => {
    const client = new ApiClient({
      fetch: answering(() => Promise.reject(new TypeError('Failed to fetch'))).fetch,
    });

    expect(await client.get('/x', decodeName)).toEqual({ kind: 'unreachable', reason: 'Failed to fetch' });
  });

  it('gives up after the timeout and reports the server as unreachable', async () => {
    // Never answers; only the abort signal ends the request, as with a real fetch.
    const hanging = ((_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })) as typeof globalThis.fetch;
    const client = new ApiClient({ fetch: hanging, timeoutMs: 20 });

    expect(await client.get('/x', decodeName)).toEqual({ kind: 'unreachable', reason: 'no answer within 0.02 s' });
  });

  it('reports a request the caller aborted as cancelled, not as an outage', async () => {
    const controller = new AbortController();
    controller.abort();
    const refusing = ((_: RequestInfo | URL, init?: RequestInit) =>
      init?.signal?.aborted
        ? Promise.reject(new DOMException('aborted', 'AbortError'))
        : Promise.resolve(json(200, { name: 'x' }))) as typeof globalThis.fetch;
    const client = new ApiClient({ fetch: refusing });

    expect(await client.get('/x', decodeName, { signal: controller.signal })).toEqual({ kind: 'cancelled' });
  });
});
