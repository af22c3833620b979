import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../lib/api';

export type DataState<T> =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly data: T; readonly refreshing: boolean }
  | { readonly phase: 'error'; readonly message: string; readonly status: number };

/**
 * Loads `load()` whenever `key` changes and, with `pollMs`, again in the background. A background
 * refresh keeps showing the previous data (no spinner, no lost scroll or selection); only a new
 * key goes back to loading. Answers that arrive after a newer request started are dropped.
 */
export function useApiData<T>(key: string, load: () => Promise<T>, pollMs?: number) {
  const [state, setState] = useState<DataState<T>>({ phase: 'loading' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback((background: boolean) => {
    const mine = ++generation.current;
    if (!background) setState({ phase: 'loading' });
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ phase: 'ready', data, refreshing: false });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        // A failed background refresh keeps the data a person is looking at.
        if (background) return;
        setState(errorState(error));
      },
    );
  }, []);

  useEffect(() => {
    run(false);
    if (pollMs === undefined) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') run(true);
    }, pollMs);
    return () => clearInterval(timer);
  }, [key, pollMs, run]);

  const reload = useCallback(() => run(true), [run]);
  return { state, reload };
}

export function errorState(error: unknown): { phase: 'error'; message: string; status: number } {
  if (error instanceof ApiError) return { phase: 'error', message: error.message, status: error.status };
  return { phase: 'error', message: error instanceof Error ? error.message : String(error), status: 0 };
}
