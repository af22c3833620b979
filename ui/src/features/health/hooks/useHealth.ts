import { useCallback, useEffect, useState } from 'react';
import { type ApiClient, api } from '../../../lib/api';
import { fetchHealth } from '../lib/health';
import type { HealthState } from '../lib/healthView';

/** Asks the server for its health on mount and whenever `recheck` is called. */
export function useHealth(client: ApiClient = api): { state: HealthState; recheck: () => void } {
  const [state, setState] = useState<HealthState>({ phase: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ phase: 'checking' });
    void fetchHealth(client, { signal: controller.signal }).then((result) => {
      if (result.kind !== 'cancelled') {
        setState({ phase: 'checked', result, checkedAt: new Date() });
      }
    });
    return () => controller.abort();
  }, [client, attempt]);

  const recheck = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, recheck };
}
