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

// --- The throwing client the pages use (agreed between the shell and the pages) ----------------
//
// Pages call `apiGet` / `apiSend`; both resolve to the parsed JSON body or throw an ApiError that
// carries the HTTP status (0 when the server could not be reached) and the server's message. The
// browser's session cookie goes along (`credentials: 'same-origin'`), and the project the page
// shows is named in `X-Glasshouse-Project`: the server acts for that project only if the signed-in
// user is a member. The custom header also makes every state-changing request one that another
// site cannot forge (a cross-site form or fetch cannot set it without CORS), see docs/ui.md.

export type QueryValue = string | number | boolean | undefined | null | readonly string[];
export type QueryParams = Readonly<Record<string, QueryValue>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** The HTTP status, or 0 when no answer came (network down, server stopped, timeout). */
    readonly status: number,
    message: string,
    /** The parsed JSON error body, when there was one. */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export const PROJECT_HEADER = 'X-Glasshouse-Project';

let currentProject: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Called by the shell whenever the project in the URL changes. */
export function setCurrentProject(projectId: string | null): void {
  currentProject = projectId;
}

export function getCurrentProject(): string | null {
  return currentProject;
}

/** The shell registers what happens when the session has expired (a 401): back to sign-in. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** `?a=1&tags=x&tags=y`: undefined and null values are left out, arrays repeat the name. */
export function queryString(params: QueryParams | undefined): string {
  if (params === undefined) {
    return '';
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      search.append(name, String(value));
      continue;
    }
    for (const item of value) {
      search.append(name, item);
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface SessionClientOptions {
  readonly fetch?: typeof fetch;
  readonly project?: () => string | null;
  readonly onUnauthorized?: () => void;
  readonly timeoutMs?: number;
}

/** Builds apiGet/apiSend over a fetch; the exported pair uses the browser's and the shell's state. */
export function sessionClient(options: SessionClientOptions = {}) {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const project = options.project ?? (() => currentProject);
  const onUnauthorized = options.onUnauthorized ?? (() => unauthorizedHandler?.());
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>(method: string, path: string, body: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const projectId = project();
    if (projectId !== null) {
      headers[PROJECT_HEADER] = projectId;
    } else if (method !== 'GET') {
      // Still a custom header, so the server's cross-site-request check passes for calls that
      // are not about one project (sign-in, sign-out).
      headers[PROJECT_HEADER] = '';
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetchFn(path, {
        method,
        headers,
        credentials: 'same-origin',
        signal: AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, `Cannot reach the Glasshouse server (${describeError(error)}).`);
    }
    const text = await readText(response);
    const json = parseJson(text);
    if (!response.ok) {
      if (response.status === 401) {
        onUnauthorized();
      }
      const message = errorMessage(json) ?? `The server answered ${response.status} ${response.statusText}`.trim();
      throw new ApiError(response.status, message, json ?? null);
    }
    return (json === undefined ? null : json) as T;
  }

  return {
    apiGet<T>(path: string, params?: QueryParams): Promise<T> {
      return request<T>('GET', path + queryString(params), undefined);
    },
    apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
      return request<T>(method, path, body);
    },
  };
}

const browserClient = sessionClient();

/** GET path?params as the signed-in user for the current project; the parsed JSON body. */
export function apiGet<T>(path: string, params?: QueryParams): Promise<T> {
  return browserClient.apiGet<T>(path, params);
}

/** POST/PATCH/DELETE with an optional JSON body; the parsed JSON body (null when empty). */
export function apiSend<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return browserClient.apiSend<T>(method, path, body);
}
