// Langfuse-shaped answers of the public API, as the pages read them. Only the fields the UI shows
// are declared; everything is optional-tolerant because older rows may lack newer fields.
import { apiGet } from '../lib/api';

export const PUBLIC = '/api/public';

export interface PageMeta {
  readonly page: number;
  readonly limit: number;
  readonly totalItems: number;
  readonly totalPages: number;
}

export interface Paged<T> {
  readonly data: readonly T[];
  readonly meta: PageMeta;
}

export interface TraceSummary {
  readonly id: string;
  readonly timestamp: string;
  readonly name: string | null;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly sessionId: string | null;
  readonly userId: string | null;
  readonly release: string | null;
  readonly version: string | null;
  readonly environment: string | null;
  readonly tags: readonly string[];
  readonly metadata?: Record<string, unknown> | null;
  readonly latency?: number | null;
  readonly totalCost?: number | null;
  readonly observations?: readonly unknown[];
  readonly scores?: readonly unknown[];
}

export type Level = 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';

export interface Observation {
  readonly id: string;
  readonly traceId: string;
  readonly type: string;
  readonly name: string | null;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly completionStartTime?: string | null;
  readonly model?: string | null;
  readonly modelParameters?: unknown;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly metadata?: Record<string, unknown> | null;
  readonly level: Level | string;
  readonly statusMessage?: string | null;
  readonly parentObservationId: string | null;
  readonly promptName?: string | null;
  readonly promptVersion?: number | null;
  readonly usageDetails?: Record<string, number> | null;
  readonly costDetails?: Record<string, number> | null;
  readonly calculatedTotalCost?: number | null;
  readonly latency?: number | null;
  readonly timeToFirstToken?: number | null;
}

export interface Score {
  readonly id: string;
  readonly traceId?: string | null;
  readonly observationId?: string | null;
  readonly sessionId?: string | null;
  readonly name: string;
  readonly value: number | null;
  readonly stringValue?: string | null;
  readonly dataType: string;
  readonly source: string;
  readonly comment?: string | null;
  readonly timestamp: string;
  readonly environment?: string | null;
}

export interface TraceDetail extends TraceSummary {
  readonly observations: readonly Observation[];
  readonly scores: readonly Score[];
}

export interface Session {
  readonly id: string;
  readonly createdAt: string;
  readonly environment?: string | null;
}

export interface SessionDetail extends Session {
  readonly traces: readonly TraceSummary[];
}

export interface UserSummary {
  readonly userId: string;
  readonly traceCount: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens: number;
  readonly totalCost: number;
  readonly firstSeen?: string | null;
  readonly lastSeen: string | null;
}

export type Params = Record<string, string | number | boolean | undefined | string[]>;

export function getPublic<T>(path: string, params?: Params): Promise<T> {
  return apiGet<T>(PUBLIC + path, params);
}
