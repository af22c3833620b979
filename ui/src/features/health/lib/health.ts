import { type ApiClient, type ApiResult, type RequestOptions, readObject, readOptionalString, readString } from '../../../lib/api';

/** The answer of `GET /api/public/health`: `{"status":"OK","version":"..."}`. */
export interface Health {
  readonly status: string;
  readonly version: string | null;
}

export const HEALTH_PATH = '/api/public/health';

export function decodeHealth(json: unknown): Health {
  const object = readObject(json, 'health');
  return { status: readString(object, 'status', 'health'), version: readOptionalString(object, 'version') };
}

export function fetchHealth(client: ApiClient, options: RequestOptions = {}): Promise<ApiResult<Health>> {
  return client.get(HEALTH_PATH, decodeHealth, options);
}
