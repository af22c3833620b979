import type { ApiResult } from '../../../lib/api';
import { HEALTH_PATH, type Health } from './health';

// What the status panel shows, decided apart from React so that every case is tested as data.

export type HealthState =
  | { readonly phase: 'checking' }
  | { readonly phase: 'checked'; readonly result: ApiResult<Health>; readonly checkedAt: Date };

export type HealthTone = 'pending' | 'ok' | 'degraded' | 'down';

export interface HealthView {
  readonly tone: HealthTone;
  readonly headline: string;
  /** One or two sentences saying what the state means and, when something is wrong, what to do. */
  readonly detail: string;
  readonly version: string | null;
  readonly checkedAt: Date | null;
}

const START_HINT =
  'Check that the Glasshouse server is running (by default it listens on port 3000) and that this page was opened from its address.';

export function describeHealth(state: HealthState): HealthView {
  if (state.phase === 'checking') {
    return view('pending', 'Checking the server…', `Asking ${HEALTH_PATH} whether the server is ready.`, null, null);
  }
  const { result, checkedAt } = state;
  switch (result.kind) {
    case 'ok':
      return describeAnswer(result.value, checkedAt);
    case 'http-error':
      return describeHttpError(result.status, result.message, result.body, checkedAt);
    case 'invalid-response':
      return view(
        'down',
        'Unexpected answer',
        `Something answered ${HEALTH_PATH} with status ${result.status}, but not as Glasshouse does (${result.reason}). ` +
          'This address may belong to a different service.',
        null,
        checkedAt,
      );
    case 'unreachable':
      return view(
        'down',
        'Cannot reach the server',
        `The browser got no answer from the server (${result.reason}). ${START_HINT}`,
        null,
        checkedAt,
      );
    case 'cancelled':
      return view('pending', 'Check cancelled', 'The health check was stopped before it finished.', null, checkedAt);
  }
}

function describeAnswer(health: Health, checkedAt: Date): HealthView {
  if (health.status === 'OK') {
    return view('ok', 'Server is up', 'The server answered its health check and is ready to receive traces.', health.version, checkedAt);
  }
  return view(
    'degraded',
    'Server reports a problem',
    `The server answered, but its status is "${health.status}" rather than "OK". Its log says more.`,
    health.version,
    checkedAt,
  );
}

function describeHttpError(status: number, message: string | null, body: unknown, checkedAt: Date): HealthView {
  const jsonBody = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  if (jsonBody === null && (status === 502 || status === 503 || status === 504)) {
    // A gateway status without a JSON body comes from whatever sits in front of Glasshouse (the
    // Vite dev server's proxy, a reverse proxy): Glasshouse itself always answers with JSON.
    return view(
      'down',
      'Cannot reach the server',
      `A proxy in front of the server answered ${status}: it got no answer from Glasshouse behind it. ${START_HINT}`,
      null,
      checkedAt,
    );
  }
  const reportedStatus = jsonBody !== null ? stringOrNull(jsonBody['status']) : null;
  const version = jsonBody !== null ? stringOrNull(jsonBody['version']) : null;
  if (status === 503) {
    // Glasshouse answers 503 while its storage is not ready: it is running, just not usable yet.
    const reason = message ?? (reportedStatus !== null && reportedStatus !== 'OK' ? reportedStatus : null);
    return view(
      'degraded',
      'Server is up but not ready',
      `The server answered 503 Service Unavailable${reason !== null ? ` (${reason})` : ''}. ` +
        'Its storage is starting or unavailable; the server log says which.',
      version,
      checkedAt,
    );
  }
  return view(
    'down',
    'Health check failed',
    `The server answered ${HEALTH_PATH} with status ${status}${message !== null ? ` (${message})` : ''}.` +
      (status === 404 ? ' This address may not be a Glasshouse server.' : ''),
    version,
    checkedAt,
  );
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function view(tone: HealthTone, headline: string, detail: string, version: string | null, checkedAt: Date | null): HealthView {
  return { tone, headline, detail, version, checkedAt };
}
