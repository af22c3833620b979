import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** The URL's query string as the page's state: read it, change it with a pure function. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams, replace = false) => setParams((current) => change(current), { replace }),
    [setParams],
  );
  return [params, update] as const;
}

export function withParam(params: URLSearchParams, name: string, value: string | null, resetPage = true): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === '') next.delete(name);
  else next.set(name, value);
  if (resetPage && name !== 'page') next.delete('page');
  return next;
}
