import { createContext, useContext } from 'react';
import type { Session } from '../features/auth/lib/session';

export interface SessionState {
  readonly session: Session;
  /** Reloads the session, e.g. after a project's members changed. */
  readonly reload: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The signed-in session; only valid under the shell's signed-in layout. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) {
    throw new Error('useSession is used outside the signed-in layout');
  }
  return state;
}
