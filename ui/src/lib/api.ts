// The typed client every page uses to talk to the Glasshouse server. It never throws for HTTP or
// network trouble: each call resolves to an ApiResult, so a page has to decide what a person sees
// for every way a request can go wrong (the exhaustive switch over `kind` enforces that).

export type ApiResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** The server answered with a non-2xx status. `body` is the parsed JSON body, or null. */
  | {
      readonly kind: 'http-error';
      readonly status: number;
      readonly message: string | null;
      readonly body: unknown;
    }
  /** The server answered 2xx, but not with the shape this client expects. */
  | { readonly kind: 'invalid-response'; readonly status: number; readonly reason: string }
  /** No answer at all: connection refused, DNS, CORS, offline, or no answer within the timeout. */
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** The caller aborted the request (for example the page was left); nothing to show. */
  | { readonly kind: 'cancelled' };

/** Turns parsed JSON into a typed value; throws ResponseShapeError when the shape is wrong. */
export type Decoder<T> = (json: unknown) => T;

export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';
}

export interface ApiClientOptions {
  /** Prefix for every path; '' means the page's own origin, which is how the server serves us. */
  readonly baseUrl?: string;
  /** Injected in tests; the browser's fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** A request without an answer after this long counts as unreachable. */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    // Bound so that calling it later does not lose `this` (window.fetch requires it).
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async get<T>(path: string, decode: Decoder<T>, options: RequestOptions = {}): Promise<ApiResult<T>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchFn(this.baseUrl + path, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        signal,
      });
    } catch (error) {
      if (options.signal?.aborted) {
        return { kind: 'cancelled' };
      }
      if (timeout.aborted) {
        return { kind: 'unreachable', reason: `no answer within ${this.timeoutMs / 1000} s` };
      }
      return { kind: 'unreachable', reason: describeError(error) };
    }

    const text = await readText(response);
    if (options.signal?.aborted) {
      return { kind: 'cancelled' };
    }
    const json = parseJson(text);
    if (!response.ok) {
      return { kind: 'http-error', status: response.status, message: errorMessage(json), body: json ?? null };
    }
    if (json === undefined) {
      return { kind: 'invalid-response', status: response.status, reason: 'the body is not JSON' };
    }
    try {
      return { kind: 'ok', value: decode(json) };
    } catch (error) {
      return { kind: 'invalid-response', status: response.status, reason: describeError(error) };
    }
  }
}

/** The client the pages share: same origin, browser fetch. */
export const api = new ApiClient();

// --- Decoding helpers for Decoder implementations -------------------------------------------

export function readObject(json: unknown, what: string): Readonly<Record<string, unknown>> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ResponseShapeError(`${what} is not a JSON object`);
  }
  return json as Record<string, unknown>;
}

export function readString(object: Readonly<Record<string, unknown>>, key: string, what: string): string {
  const value = object[key];
  if (typeof value !== 'string') {
    throw new ResponseShapeError(`${what}.${key} is not a string`);
  }
  return value;
}

export function readOptionalString(object: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = object[key];
  return typeof value === 'string' ? value : null;
}

// --- Internals -------------------------------------------------------------------------------

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

/** The parsed body, or undefined when it is empty or not JSON (a proxy's plain-text page). */
function parseJson(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's own explanation in an error body, when it sent one. */
function errorMessage(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) {
    return null;
  }
  const message = (json as Record<string, unknown>)['message'];
  return typeof message === 'string' && message.trim() !== '' ? message : null;
}

function describeError(error: unknown): string {
  if (error instanceof Error && error.message !== '') {
    return error.message;
  }
  return String(error);
}

// --- Placeholder for the agreed page client (branch ui-shell owns the real one) ----------------
// The pages on branch ui-pages code against these signatures; when ui-shell's api.ts is merged,
// its version replaces this block.

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    override readonly message: string,
  ) {
    super(message);
  }
}

let currentProject: string | null = null;

export function setCurrentProject(id: string | null): void {
  currentProject = id;
}

type ParamValue = string | number | boolean | undefined | string[];

export async function apiGet<T>(path: string, params?: Record<string, ParamValue>): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else query.append(key, String(value));
  }
  const suffix = query.size > 0 ? `?${query.toString()}` : '';
  return send<T>('GET', path + suffix, undefined);
}

export async function apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body);
}

async function send<T>(method: string, path: string, body: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (currentProject !== null) headers['X-Glasshouse-Project'] = currentProject;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(0, `The server could not be reached (${describeError(error)}).`);
  }
  const json = parseJson(await readText(response));
  if (!response.ok) {
    throw new ApiError(response.status, errorMessage(json) ?? `The server answered ${response.status}.`);
  }
  return json as T;
}
