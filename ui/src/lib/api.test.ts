import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, queryString, readObject, readString, sessionClient } from './api';

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

describe('queryString', () => {
  it('leaves out undefined and null, repeats arrays, and encodes values', () => {
    expect(queryString({ page: 2, name: 'chat bot', userId: undefined, sessionId: null, tags: ['a', 'b&c'], fast: false })).toBe(
      '?page=2&name=chat+bot&tags=a&tags=b%26c&fast=false',
    );
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});

describe('sessionClient', () => {
  it('sends the cookie and names the current project, and returns the parsed body', async () => {
    const server = answering(() => json(200, { data: [1] }));
    const client = sessionClient({ fetch: server.fetch, project: () => 'p-1' });

    expect(await client.apiGet('/api/public/traces', { page: 1, tags: ['x'] })).toEqual({ data: [1] });

    const request = server.requests[0];
    expect(request?.url).toBe('/api/public/traces?page=1&tags=x');
    expect(request?.init?.method).toBe('GET');
    expect(request?.init?.credentials).toBe('same-origin');
    expect(request?.init?.headers).toEqual({ Accept: 'application/json', 'X-Glasshouse-Project': 'p-1' });
  });

  it('sends a JSON body and still the custom header when no project is chosen (sign-in)', async () => {
    const server = answering(() => json(200, { ok: true }));
    const client = sessionClient({ fetch: server.fetch, project: () => null });

    await client.apiSend('POST', '/api/auth/sign-in', { email: 'a@b.c' });

    const init = server.requests[0]?.init;
    expect(init?.body).toBe('{"email":"a@b.c"}');
    expect(init?.headers).toEqual({ Accept: 'application/json', 'X-Glasshouse-Project': '', 'Content-Type': 'application/json' });
  });

  it('throws an ApiError with the status and the server message', async () => {
    const client = sessionClient({
      fetch: answering(() => json(404, { message: 'trace t-1 not found', error: 'NOT_FOUND' })).fetch,
      project: () => 'p',
    });

    const error = await client.apiGet('/x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, message: 'trace t-1 not found', body: { error: 'NOT_FOUND' } });
  });

  it('calls the unauthorized handler on 401 so the shell can go back to sign-in', async () => {
    let called = 0;
    const client = sessionClient({
      fetch: answering(() => json(401, { message: 'sign in again' })).fetch,
      project: () => 'p',
      onUnauthorized: () => (called += 1),
    });

    await expect(client.apiGet('/x')).rejects.toMatchObject({ status: 401 });
    expect(called).toBe(1);
  });

  it('reports an unreachable server as status 0 and says so in words', async () => {
    const client = sessionClient({ fetch: answering(() => Promise.reject(new TypeError('Failed to fetch'))).fetch });

    await expect(client.apiGet('/x')).rejects.toMatchObject({
      status: 0,
      message: 'Cannot reach the Glasshouse server (Failed to fetch).',
    });
  });

  it('returns null for an empty 2xx body and names a non-JSON error by its status', async () => {
    const empty = sessionClient({ fetch: answering(() => new Response(null, { status: 204 })).fetch });
    expect(await empty.apiSend('DELETE', '/x')).toBeNull();

    const proxy = sessionClient({ fetch: answering(() => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' })).fetch });
    await expect(proxy.apiGet('/x')).rejects.toMatchObject({ status: 502, message: 'The server answered 502 Bad Gateway' });
  });
});
