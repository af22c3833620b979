import { useCallback, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { type Session, fetchSession } from '../features/auth/lib/session';
import { setUnauthorizedHandler } from '../lib/api';
import { SessionContext } from './SessionContext';

type Loaded = { phase: 'loading' } | { phase: 'signed-out' } | { phase: 'failed'; message: string } | { phase: 'signed-in'; session: Session };

/** Everything behind sign-in: loads the session once, and sends a person to sign-in when it is gone. */
export function SignedInLayout() {
  const [state, setState] = useState<Loaded>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => {
    let current = true;
    fetchSession().then(
      (session) => current && setState(session === null ? { phase: 'signed-out' } : { phase: 'signed-in', session }),
      (error: unknown) => current && setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  // Any 401 later on (the session expired or was signed out in another tab) leads back to sign-in.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const next = window.location.pathname + window.location.search;
      void navigate(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  switch (state.phase) {
    case 'loading':
      return <p className="shell-message" aria-busy="true">Loading…</p>;
    case 'signed-out':
      return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
    case 'failed':
      return (
        <div className="shell-message error-state" data-testid="error-state" role="alert">
          <h1>Cannot load your session</h1>
          <p>{state.message}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      );
    case 'signed-in':
      return (
        <SessionContext value={{ session: state.session, reload }}>
          <Outlet />
        </SessionContext>
      );
  }
}
