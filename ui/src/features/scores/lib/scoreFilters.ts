import type { Params } from '../../../components/publicApi';

export const SCORE_SOURCES = ['API', 'ANNOTATION', 'EVAL'] as const;
export const SCORE_DATA_TYPES = ['NUMERIC', 'CATEGORICAL', 'BOOLEAN'] as const;

export interface ScoreFilters {
  readonly name: string;
  readonly source: string;
  readonly dataType: string;
}

/** Unknown values in a hand-edited URL are dropped rather than sent and refused. */
export function readScoreFilters(params: URLSearchParams): ScoreFilters {
  const source = params.get('source') ?? '';
  const dataType = params.get('dataType') ?? '';
  return {
    name: params.get('name') ?? '',
    source: (SCORE_SOURCES as readonly string[]).includes(source) ? source : '',
    dataType: (SCORE_DATA_TYPES as readonly string[]).includes(dataType) ? dataType : '',
  };
}

/** GET /api/public/v2/scores parameters (Langfuse's names). */
export function scoresRequest(filters: ScoreFilters, from: Date, to: Date, page: number): Params {
  return {
    page,
    limit: 50,
    name: filters.name || undefined,
    source: filters.source || undefined,
    dataType: filters.dataType || undefined,
    fromTimestamp: from.toISOString(),
    toTimestamp: to.toISOString(),
  };
}
